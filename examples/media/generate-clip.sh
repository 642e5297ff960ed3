#!/usr/bin/env bash
# Regenerates the Lip Sync example's sample video from this project's own portrait (no third-party media):
#   sample-clip.mp4 ← portrait.png, 4 s, 384×480, 25 fps H.264, with a silent AAC track (a video to re-voice)
# The motion is a slow breathing zoom (1.00–1.07, one cycle in 4 s, so the clip loops without a jump) centred
# on the mouth, (256, 360) of the 512×640 portrait: the mouth stays at 50 % across, 56.25 % down in every frame,
# where the simulator draws the re-voiced mouth (test/simulator/mouth.ts). Upscaled 4× first so zoompan's
# whole-pixel steps do not jitter. Needs: apt-get install ffmpeg (Debian's 5.1 made the committed file).
set -euo pipefail
cd "$(dirname "$0")"

MOUTH_X=$((256 * 4)) MOUTH_Y=$((360 * 4))
ffmpeg -hide_banner -loglevel error -y \
	-loop 1 -framerate 25 -i portrait.png \
	-f lavfi -i anullsrc=r=22050:cl=mono \
	-filter_complex "[0:v]scale=2048:2560:flags=lanczos,zoompan=z='1.035-0.035*cos(2*PI*on/100)':x='${MOUTH_X}-${MOUTH_X}/zoom':y='${MOUTH_Y}-${MOUTH_Y}/zoom':d=1:s=384x480:fps=25,format=yuv420p[video]" \
	-map '[video]' -map 1:a -t 4 \
	-c:v libx264 -preset slow -crf 30 -threads 1 -c:a aac -b:a 24k \
	-map_metadata -1 -fflags +bitexact -flags:v +bitexact -flags:a +bitexact -movflags +faststart \
	sample-clip.mp4
ls -l sample-clip.mp4
ffprobe -v error -show_entries stream=codec_name,width,height:format=duration -of compact=p=0 sample-clip.mp4
