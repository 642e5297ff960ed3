import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
	Icon,
} from 'n8n-workflow';
import { UserError } from 'n8n-workflow';

export const CREDENTIAL_TYPE = 'aimlApiOmniHumanApi';
export const DEFAULT_BASE_URL = 'https://api.aimlapi.com';
/** Where a key is made and copied, in the dashboard's own words (https://aimlapi.com/app/keys). */
export const WHERE_KEYS_ARE = 'aimlapi.com → Keys';

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/** The Base URL, checked: http(s) only, and plain http only for this machine unless explicitly allowed. */
export function checkedBaseUrl(credentials: ICredentialDataDecryptedObject): URL {
	const raw =
		typeof credentials.baseUrl === 'string' && credentials.baseUrl.trim() !== ''
			? credentials.baseUrl.trim()
			: DEFAULT_BASE_URL;
	let url: URL;
	try {
		url = new URL(raw);
	} catch {
		throw new UserError(`Base URL "${raw}" is not a valid URL: use e.g. ${DEFAULT_BASE_URL}`);
	}
	if (url.protocol !== 'https:' && url.protocol !== 'http:') {
		throw new UserError(`Base URL must start with https:// (got "${url.protocol}")`);
	}
	if (
		url.protocol === 'http:' &&
		!LOOPBACK_HOSTS.has(url.hostname) &&
		credentials.allowInsecureHttp !== true
	) {
		throw new UserError(
			`Base URL "${url.origin}" uses plain http, which would send the API key unencrypted. ` +
				"Use https://, or turn on 'Allow Plain HTTP' in the credential if this is a trusted proxy.",
		);
	}
	return url;
}

export class AimlApiOmniHumanApi implements ICredentialType {
	name = CREDENTIAL_TYPE;

	displayName = 'AI/ML API';

	icon: Icon = { light: 'file:aimlapi.svg', dark: 'file:aimlapi.dark.svg' };

	documentationUrl = 'https://docs.aimlapi.com/quickstart/setting-up';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: `Your AI/ML API key: create or copy it at ${WHERE_KEYS_ARE} (tab API Keys)`,
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: DEFAULT_BASE_URL,
			description: 'Change only to use a proxy or a local simulator',
		},
		{
			displayName: 'Allow Plain HTTP',
			name: 'allowInsecureHttp',
			type: 'boolean',
			default: false,
			description:
				'Whether to allow an http:// Base URL on another machine. The API key then travels unencrypted. localhost is always allowed.',
		},
	];

	/**
	 * Adds the key only to requests for this credential's own origin, so a video download from a CDN
	 * (or a redirect elsewhere) never carries it; relative paths are resolved against the Base URL.
	 */
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const base = checkedBaseUrl(credentials);
		const options = { ...requestOptions, headers: { ...requestOptions.headers } };
		if (!options.baseURL && !/^[a-z][a-z\d+.-]*:/i.test(options.url))
			options.baseURL = base.href.replace(/\/+$/, '');
		const target = new URL(options.url, `${(options.baseURL ?? base.href).replace(/\/+$/, '')}/`);
		if (target.origin === base.origin)
			options.headers.Authorization = `Bearer ${String(credentials.apiKey ?? '')}`;
		return options;
	}

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			url: '/v2/billing',
			method: 'GET',
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message: `The API key was not accepted (HTTP 401): copy it again from ${WHERE_KEYS_ARE}`,
				},
			},
		],
	};
}
