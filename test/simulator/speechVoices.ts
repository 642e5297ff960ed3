/** The voices of each `/v1/tts` family, as the service's schemas list them (2026), in their order. */

export const OPENAI_VOICES = ['alloy', 'ash', 'ballad', 'coral', 'echo', 'fable', 'nova', 'onyx', 'sage', 'shimmer', 'verse'] as const;

/** The 53 voice names of the service's ElevenLabs schema (default Rachel). */
export const ELEVENLABS_VOICES = [
	'Rachel', 'Drew', 'Clyde', 'Paul', 'Aria', 'Domi', 'Dave', 'Roger', 'Fin', 'Sarah', 'Antoni', 'Laura', 'Thomas', 'Charlie',
	'George', 'Emily', 'Elli', 'Callum', 'Patrick', 'River', 'Harry', 'Liam', 'Dorothy', 'Josh', 'Arnold', 'Charlotte', 'Alice',
	'Matilda', 'James', 'Joseph', 'Will', 'Jeremy', 'Jessica', 'Eric', 'Michael', 'Ethan', 'Chris', 'Gigi', 'Freya',
	'Santa Claus', 'Brian', 'Grace', 'Daniel', 'Lily', 'Serena', 'Adam', 'Nicole', 'Bill', 'Jessie', 'Sam', 'Glinda',
	'Giovanni', 'Mimi',
] as const;

/** Deepgram Aura 2 (`deepgram/aura-2`, since June 2026): 41 English voices and 3 Spanish (default thalia). */
export const AURA_2_VOICES = [
	'amalthea', 'andromeda', 'apollo', 'arcas', 'aries', 'asteria', 'athena', 'atlas', 'aurora', 'callista', 'cora', 'cordelia',
	'delia', 'draco', 'electra', 'harmonia', 'helena', 'hera', 'hermes', 'hyperion', 'iris', 'janus', 'juno', 'jupiter', 'luna',
	'mars', 'minerva', 'neptune', 'odysseus', 'ophelia', 'orion', 'orpheus', 'pandora', 'phoebe', 'pluto', 'saturn', 'selene',
	'thalia', 'theia', 'vesta', 'zeus', 'celeste', 'estrella', 'nestor',
] as const;

/** The first Deepgram Aura (`deepgram/aura`, default asteria). */
export const AURA_VOICES = ['asteria', 'hera', 'luna', 'stella', 'athena', 'zeus', 'orion', 'arcas', 'perseus', 'angus', 'orpheus', 'helios'] as const;

/** MiniMax's system voices (`voice_setting.voice_id`, default Wise_Woman). */
export const MINIMAX_VOICES = [
	'Wise_Woman', 'Friendly_Person', 'Inspirational_girl', 'Deep_Voice_Man', 'Calm_Woman', 'Casual_Guy', 'Lively_Girl',
	'Patient_Man', 'Young_Knight', 'Determined_Man', 'Lovely_Girl', 'Decent_Boy', 'Imposing_Manner', 'Elegant_Man', 'Abbess',
	'Sweet_Girl_2', 'Exuberant_Girl',
] as const;

export const MINIMAX_LANGUAGE_BOOSTS = [
	'Chinese', 'Chinese,Yue', 'English', 'Arabic', 'Russian', 'Spanish', 'French', 'Portuguese', 'German', 'Turkish', 'Dutch',
	'Ukrainian', 'Vietnamese', 'Indonesian', 'Japanese', 'Italian', 'Korean', 'Thai', 'Polish', 'Romanian', 'Greek', 'Czech',
	'Finnish', 'Hindi', 'Bulgarian', 'Danish', 'Hebrew', 'Malay', 'Persian', 'Slovak', 'Swedish', 'Croatian', 'Filipino',
	'Hungarian', 'Norwegian', 'Slovenian', 'Catalan', 'Nynorsk', 'Tamil', 'Afrikaans', 'auto',
] as const;

export const QWEN_VOICES = [
	'Cherry', 'Ethan', 'Nofish', 'Jennifer', 'Ryan', 'Katerina', 'Elias', 'Jada', 'Dylan', 'Sunny', 'Li', 'Marcus', 'Roy', 'Peter',
	'Rocky', 'Kiki', 'Eric',
] as const;

export const INWORLD_VOICES = [
	'Alex', 'Ashley', 'Craig', 'Deborah', 'Dennis', 'Dominus', 'Edward', 'Elizabeth', 'Hades', 'Heitor', 'Julia', 'Maitê', 'Mark',
	'Olivia', 'Pixie', 'Priya', 'Ronald', 'Sarah', 'Shaun', 'Theodore', 'Timothy', 'Wendy',
] as const;

export const MAI_VOICES = [
	'en-US-AvaNeural', 'en-US-AndrewNeural', 'en-US-EmmaNeural', 'en-US-BrianNeural', 'en-US-JennyNeural', 'en-US-GuyNeural',
	'en-US-AriaNeural', 'en-US-DavisNeural', 'en-US-JaneNeural', 'en-US-NancyNeural', 'en-US-TonyNeural', 'en-US-SaraNeural',
	'en-US-Ava:DragonHDLatestNeural', 'en-US-Andrew:DragonHDLatestNeural', 'en-US-Emma:DragonHDLatestNeural',
	'en-US-Brian:DragonHDLatestNeural', 'en-GB-SoniaNeural', 'en-GB-RyanNeural', 'fr-FR-DeniseNeural', 'de-DE-KatjaNeural',
	'es-ES-ElviraNeural',
] as const;

export const HUME_VOICES = [
	'Vince Douglas', 'Male English Actor', 'Ava Song', 'Campfire Narrator', 'TikTok Fashion Influencer', 'Colton Rivers',
	'Literature Professor', 'Booming American Narrator', 'Imani Carter', 'Terrence Bentley', 'Nature Documentary Narrator',
	'Alice Bennett', 'Sitcom Girl', 'Unserious Movie Trailer Narrator', 'Articulate ASMR British Narrator', 'Big Dicky',
	"English Children's Book Narrator", 'Sebastian Lockwood', 'Donovan Sinclair', 'Booming British Narrator',
	'Relaxing ASMR Woman', 'Lady Elizabeth', 'Male Protagonist', 'Tough Guy', 'French Chef', 'Spanish Instructor',
	'Charming Cowgirl',
] as const;
