import { createVideo, pollVideo, readLogs } from '../simulator/client';
import { LIP_SYNC_SPEAKERS, SHORT_ID } from '../simulator/lipSync';
import { startSimulator, type Simulator } from '../simulator/server';
import { videoModel } from '../simulator/videoModels';

/** `pixverse/lip-sync` over real HTTP: strict bodies, short ids, `succeeded`, its charge and its usage-log rows. */
let sim: Simulator;
beforeAll(async () => {
	sim = await startSimulator({ jobDurationMs: 0 });
});
beforeEach(() => {
	sim.reset();
	sim.jobDurationMs = 0;
});
afterAll(async () => await sim.close());

const MODEL = 'pixverse/lip-sync';
const VIDEO_URL = 'https://videos.example.com/sample-clip.mp4';
const AUDIO_URL = 'https://audio.example.com/speech.mp3';
const withAudio = (extra: Record<string, unknown> = {}) => ({ model: MODEL, video_url: VIDEO_URL, audio_url: AUDIO_URL, ...extra });
const withScript = (extra: Record<string, unknown> = {}) => ({ model: MODEL, video_url: VIDEO_URL, lip_sync_tts_content: 'Hello from the clip.', lip_sync_tts_speaker: 'Harper', ...extra });

/** Moves a job's clock on: its status is computed from how long ago it was created. */
function age(id: string, byMs: number) {
	sim.jobs.get(id)!.createdAt -= byMs;
}

describe('bodies', () => {
	test.each([
		['audio_url as an https URL', withAudio()],
		['audio_url as a base64 data URI', withAudio({ audio_url: 'data:audio/mpeg;base64,SUQzBAAAAAAA' })],
		['a script with a speaker', withScript()],
		['a video as a base64 data URI', withAudio({ video_url: 'data:video/mp4;base64,AAAAGGZ0eXBpc29t' })],
	])('takes %s', async (_label, body) => {
		const answer = await createVideo(sim, body);
		expect([answer.status, answer.json.message]).toEqual([200, undefined]);
		expect(sim.jobs.size).toBe(1);
	});

	test.each(LIP_SYNC_SPEAKERS)('takes the speaker %s', async (speaker) => {
		expect((await createVideo(sim, withScript({ lip_sync_tts_speaker: speaker }))).status).toBe(200);
	});

	test.each([
		['no speech source', { model: MODEL, video_url: VIDEO_URL }, 'a speech source is required: audio_url, or lip_sync_tts_content with lip_sync_tts_speaker'],
		['both speech sources', withScript({ audio_url: AUDIO_URL }), 'give exactly one speech source: audio_url or lip_sync_tts_content with lip_sync_tts_speaker, not both'],
		['audio_url with a speaker', withAudio({ lip_sync_tts_speaker: 'Ava' }), 'lip_sync_tts_speaker goes with lip_sync_tts_content, not with audio_url'],
		['image_url', withAudio({ image_url: 'https://images.example.com/p.png' }), 'property image_url should not exist (pixverse/lip-sync takes model, video_url, audio_url, lip_sync_tts_content, lip_sync_tts_speaker)'],
		['another field', withScript({ prompt: 'Smile' }), 'property prompt should not exist'],
		['a speaker not in the list', withScript({ lip_sync_tts_speaker: 'Rachel' }), `lip_sync_tts_speaker must be one of: ${LIP_SYNC_SPEAKERS.join(', ')}`],
		['a speaker in the wrong case', withScript({ lip_sync_tts_speaker: 'harper' }), 'lip_sync_tts_speaker must be one of'],
		['a script without a speaker', withScript({ lip_sync_tts_speaker: undefined }), 'lip_sync_tts_speaker is required with lip_sync_tts_content'],
		['a speaker without a script', withScript({ lip_sync_tts_content: undefined }), 'lip_sync_tts_content must be a non-empty string'],
		['an empty script', withScript({ lip_sync_tts_content: '' }), 'lip_sync_tts_content must be a non-empty string'],
		['a blank script', withScript({ lip_sync_tts_content: '   ' }), 'lip_sync_tts_content must be a non-empty string'],
		['a script that is not text', withScript({ lip_sync_tts_content: 42 }), 'lip_sync_tts_content must be a non-empty string'],
		['no video_url', withAudio({ video_url: undefined }), 'video_url is required'],
		['a video_url that is no URL', withAudio({ video_url: 'clip.mp4' }), 'video_url must be an http(s) URL or a data:video/...;base64, URI'],
		['an image data URI as the video', withAudio({ video_url: 'data:image/png;base64,iVBORw0KGgo=' }), 'video_url must be an http(s) URL or a data:video/...;base64, URI'],
		['an ftp audio_url', withAudio({ audio_url: 'ftp://audio.example.com/a.mp3' }), 'audio_url must be an http(s) URL or a data:audio/...;base64, URI'],
	])('%s → 400 naming the problem', async (_label, body, message) => {
		const answer = await createVideo(sim, JSON.parse(JSON.stringify(body)) as Record<string, unknown>);
		expect(answer.status).toBe(400);
		expect(answer.json.message).toContain('Body validation error! ');
		expect(answer.json.message).toContain(message);
		expect(sim.jobs.size).toBe(0);
	});

	test('the job records the video and its speech source', async () => {
		const script = await createVideo(sim, withScript({ lip_sync_tts_speaker: 'Oliver' }));
		expect(sim.jobs.get(script.json.id as string)!.lipSync).toEqual({ videoUrl: VIDEO_URL, speech: { source: 'lip_sync_tts_content', text: 'Hello from the clip.', speaker: 'Oliver' } });
		const audio = await createVideo(sim, withAudio());
		expect(sim.jobs.get(audio.json.id as string)!.lipSync).toEqual({ videoUrl: VIDEO_URL, speech: { source: 'audio_url', url: AUDIO_URL } });
	});
});

describe('the job', () => {
	test('a short random id (21 of A-Z a-z 0-9 _ -, no <uuid>:<model>), also as x-inference-id; $1 = 2,000,000 credits reported', async () => {
		const answers = await Promise.all([createVideo(sim, withAudio()), createVideo(sim, withScript())]);
		for (const answer of answers) {
			expect(answer.json.id).toMatch(SHORT_ID);
			expect(answer.json.id).not.toContain(':');
			expect(answer.headers.get('x-inference-id')).toBe(answer.json.id);
			expect(answer.json.meta).toEqual({ usage: { credits_used: 2_000_000, usd_spent: 1 } });
			expect(answer.headers.get('x-aimlapi-credits-used')).toBe('2000000');
		}
		expect(answers[0].json.id).not.toBe(answers[1].json.id);
	});

	test('polled by its short id: queued, generating, then succeeded (never completed) with the video and the charge', async () => {
		sim.jobDurationMs = 10_000;
		const created = await createVideo(sim, withAudio());
		const id = created.json.id as string;
		expect(created.json.status).toBe('queued');
		expect((await pollVideo(sim, id)).json.status).toBe('queued');
		age(id, 800);
		expect((await pollVideo(sim, id)).json).toMatchObject({ status: 'generating', video: null });
		age(id, 1000);
		const done = await pollVideo(sim, id);
		expect(done.json).toMatchObject({ id, status: 'succeeded', video: { url: expect.stringMatching(/\/videos\/[0-9a-f-]{36}\.mp4$/) }, meta: { usage: { credits_used: 2_000_000 } } });
		expect(sim.jobs.get(id)!.reportedStatuses).toEqual(['queued', 'generating', 'succeeded']);
		expect((await pollVideo(sim, 'z-IMFJo2ORUJBR7OWIqDM')).status).toBe(404);
	});

	test('a "completed" outcome still ends in succeeded for this model', async () => {
		sim.nextOutcomes.push('completed');
		const created = await createVideo(sim, withAudio());
		expect((await pollVideo(sim, created.json.id as string)).json.status).toBe('succeeded');
	});

	test('it takes about 34 s against OmniHuman\'s 3.5 min: jobDurationMs × 0.16', async () => {
		sim.jobDurationMs = 10_000;
		const created = await createVideo(sim, withAudio());
		expect(sim.jobs.get(created.json.id as string)!.durationMs).toBe(1600);
		expect(videoModel(MODEL)).toMatchObject({ priceUsd: 1, finalStatus: 'succeeded', kind: 'lip-sync' });
	});

	test.each([
		['video_url', withAudio({ video_url: `${VIDEO_URL}?sim-outcome=error-message&sim-duration=5000&sim-price=0.5` })],
		['audio_url', withAudio({ audio_url: `${AUDIO_URL}?sim-outcome=error-message&sim-duration=5000&sim-price=0.5` })],
	])('sim-outcome, sim-duration and sim-price hints are read from %s', async (_field, body) => {
		const created = await createVideo(sim, body);
		const id = created.json.id as string;
		const job = sim.jobs.get(id)!;
		expect([job.outcome, job.durationMs, job.charge.credits]).toEqual(['error-message', 5000, 1_000_000]);
		expect((await pollVideo(sim, id)).json.status).toBe('queued');
		age(id, 5000);
		expect((await pollVideo(sim, id)).json.status).toBe('error');
	});
});

describe('usage logs', () => {
	test('a succeeded job is listed with its short id and charge; a failed one with no charge', async () => {
		const ok = await createVideo(sim, withScript());
		const failed = await createVideo(sim, withAudio({ audio_url: `${AUDIO_URL}?sim-outcome=failed-detail` }));
		await createVideo(sim, { model: 'bytedance/omnihuman', image_url: 'https://images.example.com/p.png', audio_url: AUDIO_URL });
		const logs = await readLogs(sim, [['model', MODEL]]);
		expect(logs.status).toBe(200);
		const rows = logs.json.data as Array<Record<string, unknown>>;
		expect(rows).toHaveLength(2);
		expect(rows.find((row) => row.inference_id === ok.json.id)).toMatchObject({ status: 'succeeded', model: MODEL, cost: { usd: 1, credits: 2_000_000 } });
		expect(rows.find((row) => row.inference_id === failed.json.id)).toMatchObject({ status: 'failed', model: MODEL, cost: { usd: 0, credits: 0 } });
	});

	test('an unfinished job is not listed yet', async () => {
		sim.jobDurationMs = 60_000;
		await createVideo(sim, withAudio());
		expect((await readLogs(sim, [['model', MODEL]])).json.data).toEqual([]);
	});

	test('seeded rows of the model get short ids too', () => {
		const [row] = sim.usageLogs.add([{ model: MODEL }]);
		expect(row.inference_id).toMatch(SHORT_ID);
		expect(row.cost).toEqual({ usd: 1, credits: 2_000_000 });
	});
});
