#!/usr/bin/env bash
# Makes the small real audio files the length reader is tested against (test/fixtures/audio/) and writes
# manifest.json: file → format, ffprobe's duration, bytes. Run once when a fixture is added; the files and the
# manifest are committed and the tests only read them (they never run ffmpeg).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/provision-ffmpeg.sh
out=test/fixtures/audio
mkdir -p "$out"
rm -f "$out"/*.mp3 "$out"/*.wav "$out"/*.m4a "$out"/*.aac "$out"/manifest.json

# A tone that wobbles in pitch and loudness, so a VBR encoder really varies its frame sizes.
tone() { echo "aevalsrc='0.4*sin(2*PI*(300+200*sin(2*PI*0.7*t))*t)*(0.6+0.4*sin(2*PI*3*t))+0.01*random(0)':s=$1:d=$2"; }
ff() { ffmpeg -hide_banner -loglevel error -y "$@"; }
# -bitexact and no metadata keep the files byte-stable across runs of the same ffmpeg.
common=(-map_metadata -1 -fflags +bitexact -flags:a +bitexact)

ff -f lavfi -i "$(tone 44100 2.3)" -ac 1 -c:a libmp3lame -b:a 32k "${common[@]}" "$out/mp3-cbr-info.mp3"
ff -f lavfi -i "$(tone 44100 2.1)" -ac 1 -c:a libmp3lame -b:a 32k -write_xing 0 "${common[@]}" "$out/mp3-cbr-noxing.mp3"
ff -f lavfi -i "$(tone 44100 2.7)" -ac 1 -c:a libmp3lame -q:a 7 "${common[@]}" "$out/mp3-vbr-xing.mp3"
ff -f lavfi -i "$(tone 44100 1.9)" -ac 1 -c:a libmp3lame -b:a 32k -id3v2_version 3 -write_id3v1 1 \
	-metadata title="A fixture with ID3v2 and ID3v1 tags" -metadata artist=n8n-nodes-omnihuman -fflags +bitexact "$out/mp3-id3.mp3"
ff -f lavfi -i "$(tone 22050 2.2)" -ac 1 -c:a libmp3lame -b:a 24k -write_xing 0 "${common[@]}" "$out/mp3-mpeg2-22k.mp3"
ff -f lavfi -i "$(tone 8000 1.5)" -ac 1 -c:a pcm_s16le "${common[@]}" "$out/wav-pcm16.wav"
ff -f lavfi -i "$(tone 8000 0.6)" -ac 1 -c:a pcm_f32le "${common[@]}" "$out/wav-float.wav"
ff -f lavfi -i "$(tone 8000 0.7)" -ac 1 -c:a pcm_s24le "${common[@]}" "$out/wav-s24-extensible.wav"
ff -f lavfi -i "$(tone 8000 1.2)" -ac 1 -c:a pcm_u8 -rf64 always "${common[@]}" "$out/wav-rf64.wav"
ff -f lavfi -i "$(tone 22050 2.6)" -ac 1 -c:a aac -b:a 24k -movflags +faststart "${common[@]}" "$out/m4a-faststart.m4a"
ff -f lavfi -i "$(tone 22050 2.5)" -ac 1 -c:a aac -b:a 24k "${common[@]}" "$out/m4a-moov-end.m4a"
ff -f lavfi -i "$(tone 22050 2.2)" -ac 1 -c:a aac -b:a 24k -f adts "${common[@]}" "$out/adts.aac"
# ~25 s files for the bench's "Length reading" row (low rates keep them small).
ff -f lavfi -i "$(tone 16000 25)" -ac 1 -c:a libmp3lame -b:a 16k -write_xing 0 "${common[@]}" "$out/bench-cbr-25s.mp3"
ff -f lavfi -i "$(tone 8000 25.5)" -ac 1 -c:a libmp3lame -q:a 9 "${common[@]}" "$out/bench-vbr-25s.mp3"
ff -f lavfi -i "$(tone 2000 24.5)" -ac 1 -c:a pcm_u8 "${common[@]}" "$out/bench-pcm-25s.wav"

node -e '
const { execFileSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");
const dir = process.argv[1];
const formats = { ".mp3": "mp3", ".wav": "wav", ".m4a": "m4a", ".aac": "aac" };
const manifest = {};
for (const file of fs.readdirSync(dir).sort()) {
	const format = formats[path.extname(file)];
	if (!format) continue;
	const probe = JSON.parse(execFileSync("ffprobe", ["-v", "error", "-show_entries", "format=duration", "-of", "json", path.join(dir, file)]));
	manifest[file] = { format, duration: Number(probe.format.duration), bytes: fs.statSync(path.join(dir, file)).size };
}
fs.writeFileSync(path.join(dir, "manifest.json"), JSON.stringify(manifest, null, "\t") + "\n");
' "$out"
cat "$out/manifest.json"
du -ch "$out"/* | tail -1
