#!/usr/bin/env bash
# Makes the synthetic demo camera loops in assets/video/ (run once; the output is committed,
# ffmpeg is NOT needed at run time). Each loop is 10 s at 25 fps, H.264 main profile without
# B-frames, a key frame every second, no audio, in two qualities:
#   main 1280x720, sub 640x360.
# Every frame says DEMO / 演示, the loop's number and name, and a frame counter, over a
# moving pattern and a sweeping bar: a frozen tile is obvious at a glance.
#
# Output per loop (assets/video/loopN/):
#   main.flv, sub.flv          FLV files the media server re-timestamps into endless live FLV
#   main/00.ts … 09.ts         one-second MPEG-TS segments for the live HLS playlists
#   sub/00.ts  … 09.ts
#   jpeg/00.jpg … 19.jpg       640x360 pictures at 2 per second (MJPEG and snapshots)
#
# Usage: scripts/make-demo-video.sh            (from the repository root)
set -euo pipefail

cd "$(dirname "$0")/.."
OUT=assets/video
FONT_LATIN=/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf
FONT_CJK=/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc

command -v ffmpeg >/dev/null || { echo "ffmpeg is required (apt-get install ffmpeg)" >&2; exit 1; }
[ -f "$FONT_LATIN" ] || { echo "missing $FONT_LATIN (apt-get install fonts-dejavu-core)" >&2; exit 1; }
[ -f "$FONT_CJK" ] || { echo "missing $FONT_CJK (apt-get install fonts-noto-cjk)" >&2; exit 1; }

FRAMES=250 # 10 s at 25 fps: ten one-second segments
# name | lavfi source (1280x720, 25 fps)
LOOPS=(
  "testsrc2|testsrc2=size=1280x720:rate=25"
  "gradients|gradients=size=1280x720:rate=25:speed=0.03:n=4:seed=11"
  "life|life=size=160x90:rate=25:mold=0:ratio=0.15:seed=7:life_color=#41c3ff:death_color=#203040,scale=1280x720:flags=neighbor"
  "testsrc|testsrc=size=1280x720:rate=25"
)

rm -rf "$OUT"/loop*
for i in "${!LOOPS[@]}"; do
  n=$((i + 1))
  name=${LOOPS[$i]%%|*}
  src=${LOOPS[$i]#*|}
  dir="$OUT/loop$n"
  mkdir -p "$dir/main" "$dir/sub" "$dir/jpeg"
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT

  # Overlay: a sweeping bar, a DEMO banner, loop number/name and the frame counter.
  overlay="drawbox=x='mod(t*320,1280)':y=660:w=60:h=40:color=white@0.9:t=fill"
  overlay+=",drawbox=x=0:y=0:w=1280:h=96:color=black@0.55:t=fill"
  overlay+=",drawtext=fontfile=$FONT_CJK:text='演示 DEMO':fontsize=64:fontcolor=#ffcc00:x=28:y=14"
  overlay+=",drawtext=fontfile=$FONT_LATIN:text='LOOP $n  $name':fontsize=48:fontcolor=white:x=420:y=24"
  overlay+=",drawtext=fontfile=$FONT_LATIN:text='%{eif\\:n\\:d\\:3}/250':fontsize=72:fontcolor=white:box=1:boxcolor=black@0.6:boxborderw=12:x=w-tw-40:y=h-th-40"

  # One lossless-ish master, then each quality encoded from it (same frames in both).
  ffmpeg -hide_banner -loglevel error -f lavfi -i "$src" -vf "$overlay,format=yuv420p" \
    -frames:v $FRAMES -c:v libx264 -preset veryfast -qp 0 -threads 1 "$tmp/master.mkv"

  for q in main sub; do
    if [ $q = main ]; then size=1280x720; rate=350k; else size=640x360; rate=120k; fi
    ffmpeg -hide_banner -loglevel error -i "$tmp/master.mkv" -vf "scale=$size" -an \
      -c:v libx264 -profile:v main -preset medium -threads 1 -bf 0 -g 25 -keyint_min 25 -sc_threshold 0 \
      -b:v $rate -maxrate $rate -bufsize $rate -pix_fmt yuv420p -r 25 \
      -fflags +bitexact -flags:v +bitexact -map_metadata -1 "$tmp/$q.mkv"
    ffmpeg -hide_banner -loglevel error -i "$tmp/$q.mkv" -c copy -an -fflags +bitexact -flags:v +bitexact \
      -map_metadata -1 -f flv "$dir/$q.flv"
    ffmpeg -hide_banner -loglevel error -i "$tmp/$q.mkv" -c copy -an -fflags +bitexact -map_metadata -1 \
      -f segment -segment_time 1 -segment_format mpegts -reset_timestamps 0 "$dir/$q/%02d.ts"
  done
  ffmpeg -hide_banner -loglevel error -i "$tmp/master.mkv" -vf "fps=2,scale=640x360" -q:v 12 \
    -fflags +bitexact -flags:v +bitexact -map_metadata -1 -start_number 0 "$dir/jpeg/%02d.jpg"
  rm -rf "$tmp"
  echo "loop$n ($name): $(du -sh "$dir" | cut -f1)"
done
echo "total: $(du -sh "$OUT" | cut -f1)"
