import { readFileSync } from 'node:fs';
import path from 'node:path';

import type { IHttpRequestOptions } from 'n8n-workflow';

import { AimlApiOmniHumanApi, checkedBaseUrl, DEFAULT_BASE_URL, WHERE_KEYS_ARE } from '../../credentials/AimlApiOmniHumanApi.credentials';

const credential = new AimlApiOmniHumanApi();
const authenticate = async (credentials: Record<string, unknown>, options: IHttpRequestOptions) =>
	await (credential.authenticate as (c: unknown, o: IHttpRequestOptions) => Promise<IHttpRequestOptions>)(credentials, options);

describe('authenticate', () => {
	const key = { apiKey: 'sk-secret', baseUrl: 'https://api.aimlapi.com' };

	test('resolves API paths against the Base URL and adds the Bearer key', async () => {
		const options = await authenticate(key, { url: '/v2/video/generations', method: 'GET' });
		expect(options.baseURL).toBe('https://api.aimlapi.com');
		expect(options.headers?.Authorization).toBe('Bearer sk-secret');
	});

	test('keeps a path prefix of a proxy Base URL', async () => {
		const options = await authenticate({ ...key, baseUrl: 'https://proxy.example/aiml/' }, { url: '/v2/billing' });
		expect(options.baseURL).toBe('https://proxy.example/aiml');
		expect(options.headers?.Authorization).toBe('Bearer sk-secret');
	});

	test('never adds the key to another origin (a CDN video link)', async () => {
		const options = await authenticate(key, { url: 'https://cdn.example.com/v.mp4' });
		expect(options.headers?.Authorization).toBeUndefined();
		expect(options.baseURL).toBeUndefined();
	});

	test('does not change the caller options object', async () => {
		const original: IHttpRequestOptions = { url: '/v2/billing', headers: { Accept: 'application/json' } };
		await authenticate(key, original);
		expect(original).toEqual({ url: '/v2/billing', headers: { Accept: 'application/json' } });
	});

	test('refuses plain http to another machine, unless allowed', async () => {
		await expect(authenticate({ ...key, baseUrl: 'http://proxy.example' }, { url: '/v2/billing' })).rejects.toThrow(/plain http.*Allow Plain HTTP/);
		const allowed = await authenticate({ ...key, baseUrl: 'http://proxy.example', allowInsecureHttp: true }, { url: '/v2/billing' });
		expect(allowed.headers?.Authorization).toBe('Bearer sk-secret');
	});
});

describe('checkedBaseUrl', () => {
	test.each(['http://localhost:9000', 'http://127.0.0.1:1234', 'http://[::1]:80'])('allows plain http on this machine: %s', (baseUrl) => {
		expect(checkedBaseUrl({ baseUrl }).protocol).toBe('http:');
	});
	test('falls back to the default when empty', () => expect(checkedBaseUrl({ baseUrl: ' ' }).origin).toBe(DEFAULT_BASE_URL));
	test.each([
		['not a url', /not a valid URL/],
		['ftp://example.com', /must start with https/],
		['file:///etc', /must start with https/],
	])('rejects %p', (baseUrl, message) => expect(() => checkedBaseUrl({ baseUrl })).toThrow(message));
});

test('the credential test calls GET /v2/billing on the Base URL', () => {
	expect(credential.test.request).toMatchObject({ url: '/v2/billing', method: 'GET' });
	expect(credential.name).not.toBe('aimlApi');
	expect(credential.properties.find((property) => property.name === 'apiKey')?.typeOptions?.password).toBe(true);
});

describe('the credential and the README use the same words', () => {
	const readme = readFileSync(path.join(__dirname, '../../README.md'), 'utf8');
	const displayNames = credential.properties.map((property) => property.displayName);

	test('the API key hint and the 401 message send the user to the same place on aimlapi.com', () => {
		expect(WHERE_KEYS_ARE).toBe('aimlapi.com → Keys');
		const hint = credential.properties.find((property) => property.name === 'apiKey')?.description;
		const unauthorized = credential.test.rules?.find((rule) => rule.type === 'responseCode' && rule.properties.value === 401);
		expect(hint).toContain(WHERE_KEYS_ARE);
		expect(unauthorized?.properties.message).toContain(WHERE_KEYS_ARE);
		expect(readme).toContain(WHERE_KEYS_ARE);
	});

	test("README's credential table names each field as the credential shows it", () => {
		const table = readme.split('## The credential')[1].split('\n## ')[0];
		for (const name of displayNames) expect(table).toContain(`| ${name} |`);
		expect(readme).not.toMatch(/Allow Insecure HTTP/);
	});

	test('the plain-http refusal names the switch as the credential shows it', () => {
		expect(displayNames).toContain('Allow Plain HTTP');
		expect(() => checkedBaseUrl({ baseUrl: 'http://proxy.example' })).toThrow(/'Allow Plain HTTP'/);
	});
});

test("the credential test's rule matches what the service answers to a wrong key (n8n shows the rule's message)", async () => {
	const { startSimulator } = await import('../simulator/server');
	const sim = await startSimulator();
	try {
		const answer = await fetch(`${sim.url}${credential.test.request.url}`, { headers: { Authorization: 'Bearer wrong-key' } });
		// n8n's credential tester picks the responseCode rule whose value is the status it got.
		const rule = credential.test.rules?.find((candidate) => candidate.type === 'responseCode' && candidate.properties.value === answer.status);
		expect(rule?.properties.message).toMatch(/The API key was not accepted \(HTTP 401\)/);
	} finally {
		await sim.close();
	}
});
