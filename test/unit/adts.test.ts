import { bytesSource, measureAudio } from '../../nodes/OmniHuman/media/audioLength';
import { audioFixture, audioManifest, secondsOf } from '../support/audioFixtures';
import { adtsHeader, concat } from '../support/audioBytes';

describe('AAC (ADTS) length', () => {
	test('ADTS past the byte bound is estimated from the average frame size', async () => {
		const aac = audioFixture('adts.aac');
		const measure = await measureAudio(bytesSource(aac), { maxBytes: 3000 });
		expect(Math.abs(secondsOf(measure) - audioManifest['adts.aac'].duration)).toBeLessThan(0.15);
		expect(measure.bytesRead).toBeLessThanOrEqual(3000);
	});


	test('a lone ADTS header followed by no frame of its stream is refused with a reason', async () => {
		const bytes = concat(adtsHeader({ length: 100 }), new Uint8Array(300).fill(0x11));
		expect(await measureAudio(bytesSource(bytes))).toMatchObject({
			ok: false,
			format: 'aac',
			reason: 'no AAC (ADTS) frame was found in it',
		});
	});
});
