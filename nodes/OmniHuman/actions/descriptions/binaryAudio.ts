import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

type Show = Record<string, string[]>;

/** How the recording reaches the service: inline (Lip Sync takes base64) or through a signed n8n link. */
type Delivery = 'inline' | 'signedLink';

const HOW: Record<Delivery, string> = {
	inline: 'It is sent inline as base64',
	signedLink:
		'The models take a link only, so the node hands the service a signed n8n link to this one file, readable by anyone holding it until Max Wait (plus Request Timeout) has passed. Needs n8n reachable from the internet (WEBHOOK_URL set) and binary data stored as files (not memory mode)',
};

/** Audio Source "Binary File": a new value of the existing Audio Source option. */
export function binaryAudioOption(delivery: Delivery): INodePropertyOptions {
	return {
		name: 'Binary File',
		value: 'binary',
		description:
			delivery === 'inline'
				? 'An MP3, WAV, M4A or AAC recording from an earlier node, sent inline'
				: 'An MP3, WAV, M4A or AAC recording from an earlier node, through a short-lived n8n link',
	};
}

/** The field naming the input binary that holds the recording. */
export function binaryAudioField(show: Show, delivery: Delivery): INodeProperties {
	return {
		displayName: 'Audio Binary Field',
		name: 'audioBinaryProperty',
		type: 'string',
		default: 'data',
		required: true,
		description: `The name of the input binary field holding the speech: MP3, WAV, M4A or AAC, up to 5 MB, within the model's audio limit (its format and length are read from its bytes before anything is paid). ${HOW[delivery]}.`,
		displayOptions: { show },
	};
}
