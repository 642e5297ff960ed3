#!/usr/bin/env bash
# Regenerates the demo's sample media from sources made by this project (no third-party media):
#   portrait.png  ← portrait.svg, rasterised by Debian's ffmpeg (librsvg)
#   speech.mp3    ← a sentence spoken by Debian's espeak-ng
# Needs: apt-get install ffmpeg espeak-ng
set -euo pipefail
cd "$(dirname "$0")"

SENTENCE="Hello! This is the OmniHuman demo. The simulator turned this portrait and this sentence into a real video."

ffmpeg -hide_banner -loglevel error -y -i portrait.svg -frames:v 1 portrait.png
speech_wav="$(mktemp --suffix=.wav)"
trap 'rm -f "$speech_wav"' EXIT
espeak-ng -v en-us -s 150 -w "$speech_wav" "$SENTENCE"
ffmpeg -hide_banner -loglevel error -y -i "$speech_wav" -ac 1 -ar 22050 -c:a libmp3lame -b:a 48k -map_metadata -1 speech.mp3
ls -l portrait.png speech.mp3
printf 'speech.mp3 lasts %s s\n' "$(ffprobe -v error -show_entries format=duration -of csv=p=0 speech.mp3)"
