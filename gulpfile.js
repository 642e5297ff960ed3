const path = require('path');
const { task, src, dest } = require('gulp');

// Icons and codex files (`*.node.json`) sit next to the compiled code, where n8n looks for them.
function copy(folder) {
	return new Promise((resolve, reject) => {
		src(path.resolve(folder, '**', '*.{png,svg,node.json}'), { encoding: false })
			.pipe(dest(path.resolve('dist', folder)))
			.on('finish', resolve)
			.on('error', reject);
	});
}

task('build:assets', () => Promise.all([copy('nodes'), copy('credentials')]));
