import { isLocalHost } from '../../nodes/OmniHuman/binaryAudio/signedLink';

describe("a signed link's host: can a service on the internet reach it?", () => {
	test.each(['localhost', 'app.localhost', '127.0.0.1', '10.1.2.3', '192.168.0.10', '172.16.0.1', '172.31.255.255', '169.254.1.1', '[::1]', 'fd12::1', 'n8n', 'n8n.local', 'box.internal', 'nas.lan'])('%s: only on this machine or network', (host) => {
		expect(isLocalHost(host)).toBe(true);
	});

	test.each(['n8n.example.com', 'api.aimlapi.com', '203.0.113.7', '172.32.0.1', '8.8.8.8', '2001:db8::1'])('%s: public', (host) => {
		expect(isLocalHost(host)).toBe(false);
	});
});
