import type { IBinaryData } from 'n8n-workflow';

import {
	CREDENTIAL_TYPE,
	checkedBaseUrl,
} from '../../../credentials/AimlApiOmniHumanApi.credentials';
import { inputError } from '../errors';
import type { ItemRun } from '../nodeRun';

const FIELD = 'Audio Source "Binary File"';

/**
 * A short-lived link the service can read one stored audio file through: n8n's own signed link
 * (`<instance>/rest/binary-data/signed?token=…`, a JWT naming that file's id, readable without a login
 * until it expires). Audio that n8n holds only in memory is stored first. Every requirement is checked
 * here, before anything is paid, and a missing one is named.
 */
export async function signedAudioLink(
	run: ItemRun,
	binary: IBinaryData,
	bytes: Buffer,
	expiresInSeconds: number,
): Promise<string> {
	const { helpers } = run.context;
	// Feature-detected: an n8n without it still loads the node, and only this source fails.
	if (typeof helpers.createBinarySignedUrl !== 'function')
		throw inputError(
			run,
			FIELD,
			'needs n8n to make signed links to binary data, and this n8n version cannot',
			'Update n8n, or host the audio and use Audio Source "URL".',
		);
	const stored = binary.id
		? binary
		: await helpers.prepareBinaryData(bytes, binary.fileName, binary.mimeType);
	if (!stored.id)
		throw inputError(
			run,
			FIELD,
			'needs n8n to store binary data as files, and this n8n keeps it in memory',
			'Set N8N_DEFAULT_BINARY_DATA_MODE to "filesystem" (or "database" / "s3"), or use Audio Source "URL".',
		);
	const link = helpers.createBinarySignedUrl(stored, `${Math.ceil(expiresInSeconds)}s`);
	await checkReachable(run, link);
	return link;
}

/**
 * The service fetches the link from its own network: a link to this machine or a private network only
 * works for a service on the same network (a local proxy or simulator), so n8n's public URL must be set.
 */
async function checkReachable(run: ItemRun, link: string) {
	const credentials = await run.context.getCredentials(CREDENTIAL_TYPE, run.itemIndex);
	const service = checkedBaseUrl(credentials);
	const linkHost = new URL(link).hostname;
	if (isLocalHost(linkHost) && !isLocalHost(service.hostname))
		throw inputError(
			run,
			FIELD,
			`needs n8n's public URL: the link n8n makes points at ${new URL(link).origin}, which the AI/ML API cannot reach`,
			'Set WEBHOOK_URL (n8n builds its links from it) to the https address this n8n is reachable at from the internet, or use Audio Source "URL".',
		);
}

const PRIVATE_IPV4 = [
	/^127\./,
	/^10\./,
	/^192\.168\./,
	/^172\.(1[6-9]|2\d|3[01])\./,
	/^169\.254\./,
	/^0\./,
];

/** This machine, a private network or a name only a local resolver knows (no dot, `.local`, `.internal`). */
export function isLocalHost(hostname: string): boolean {
	const host = hostname.toLowerCase().replace(/^\[|\]$/g, '');
	if (host === 'localhost' || host.endsWith('.localhost')) return true;
	if (/^[\d.]+$/.test(host)) return PRIVATE_IPV4.some((range) => range.test(host));
	if (host.includes(':')) return host === '::1' || /^f[cd]/.test(host) || host.startsWith('fe80');
	return !host.includes('.') || /\.(local|internal|lan|home\.arpa)$/.test(host);
}
