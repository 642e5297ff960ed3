/** Rewrites README's speech-model table from the node's speech-model table (nodes/OmniHuman/speech/). */
import { SPEECH_TABLE_END, SPEECH_TABLE_START, speechTable } from '../test/support/speechTable';
import { rewriteReadmeSection } from './readmeSection';

rewriteReadmeSection(SPEECH_TABLE_START, SPEECH_TABLE_END, speechTable(), 'speech-model table');
