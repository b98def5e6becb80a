#!/usr/bin/env bash
# Hostile inputs against the hsc tool, as a user might send them by mistake or on purpose: lying
# headers, absurd sizes, non-finite or overflowing numbers, impossible parameters, unwritable
# outputs. Every case runs under a memory ceiling and a time limit and must end with the expected
# exit code and a message naming the problem: no crash, no hang, no allocation of what the input
# cannot back, no exit 0 with a wrong result.
#
#   tests/hostile/run.sh HSC SCRATCH_DIR
# (HSC_HOSTILE_NO_ULIMIT=1 for a sanitized build, whose ASan needs more address space than the
# ceiling: then ASAN_OPTIONS=max_allocation_size_mb bounds allocations instead.)
set -uo pipefail
hsc=$(realpath "$1")
dir=$2
rm -rf "$dir" && mkdir -p "$dir" && cd "$dir" || exit 1
ceiling=$((1536 * 1024)) # KiB: 1.5 GiB of address space, so a 4 GiB allocation cannot hide
[ -n "${HSC_HOSTILE_NO_ULIMIT:-}" ] && ceiling=unlimited # under ASan: its own allocation limit
seconds=20
failures=0

# expect NAME EXIT REGEX ARGS...: `hsc ARGS` exits with EXIT, and its stdout+stderr match REGEX.
# With to=FILE set, the program's standard output goes to FILE instead (e.g. /dev/full).
expect() {
  local name=$1 code=$2 regex=$3
  shift 3
  local out status
  if [ -n "${to:-}" ]; then
    out=$( (ulimit -v $ceiling; timeout $seconds "$hsc" "$@" >"$to") 2>&1)
  else
    out=$( (ulimit -v $ceiling; timeout $seconds "$hsc" "$@") 2>&1)
  fi
  status=$?
  if [ $status -eq 124 ]; then
    echo "FAIL $name: still running after $seconds s"
    failures=$((failures + 1))
  elif [ $status -ne "$code" ] || ! grep -Eq -- "$regex" <<<"$out"; then
    echo "FAIL $name: exit $status (expected $code), output:"
    echo "$out" | head -5
    failures=$((failures + 1))
  else
    echo "ok   $name"
  fi
}

# npy FILE DESCR SHAPE PAYLOAD_FILE: an NPY file (format 1.0) with that header and payload.
npy() {
  local dict="{'descr': '$2', 'fortran_order': False, 'shape': ($3), }"
  local length=$((${#dict} + 1))
  local total=$(((10 + length + 63) / 64 * 64))
  local pad=$((total - 10 - length))
  {
    printf '\x93NUMPY\x01\x00'
    printf "\\x$(printf %02x $(((total - 10) % 256)))\\x$(printf %02x $(((total - 10) / 256)))"
    printf '%s%*s\n' "$dict" $pad ''
    cat "$4"
  } >"$1"
}
# floats COUNT HEX4 [INDEX HEX4]: COUNT little-endian float32 values, all HEX4, one of them different.
floats() {
  local count=$1 value=$2 index=${3:--1} other=${4:-}
  for ((i = 0; i < count; i++)); do
    if [ $i -eq "$index" ]; then printf "$other"; else printf "$value"; fi
  done
}
one='\x00\x00\x80\x3f' half='\x00\x00\x00\x3f' inf='\x00\x00\x80\x7f' nan='\x00\x00\xc0\x7f'
big='\xca\xf2\x49\x71' # 1e30
huge='\x9e\xb5\x61\x7f' # 3e38
zero='\x00\x00\x00\x00'
enc=(--bank heterogeneous --solver mp --atoms 50)
{ printf 'P2 32 32 255\n'; for ((i = 0; i < 1024; i++)); do printf '128 '; done; } >flat.pgm # constant

# Readers: headers that claim more than the file holds.
printf '\x93NUMPY\x02\x00\xff\xff\xff\xff' >v2_header.npy
expect npy_header_length_4GiB 1 "header length 4294967295 is larger than any NPY header" encode v2_header.npy "${enc[@]}"
: >empty.bin
npy zero_by_huge.npy '<f4' '0, 9999999999999999999, 2' empty.bin
expect npy_dimension_overflow 1 "malformed dimension" encode-patches --dict zero_by_huge.npy --signals zero_by_huge.npy --solver omp --atoms 1 --out x.npy
npy lying_shape.npy '<f4' '10000, 10000' empty.bin
expect npy_shape_beyond_the_file 1 "truncated data: the shape needs 400000000 bytes, the file has 0" encode lying_shape.npy "${enc[@]}"
npy beyond_the_limit.npy '<f4' '100000, 100000' empty.bin
expect npy_shape_beyond_the_limit 1 "shape is larger than the reader's limit" encode beyond_the_limit.npy "${enc[@]}"
printf 'P5\n10000000 1\n255' >short.pgm
expect pgm_18_bytes 1 "truncated pixel data" encode short.pgm "${enc[@]}"
printf 'P5 100000 100000 255\n' >wide.pgm
expect pgm_beyond_the_limit 1 "more than the reader's limit" encode wide.pgm "${enc[@]}"
printf 'P2 16 16 255\n' >plain_short.pgm
expect pgm_plain_truncated 1 "truncated|expected a pixel value" encode plain_short.pgm "${enc[@]}"
printf 'hello' >fake.png
expect png_that_is_not 1 "cannot read .*fake.png" encode fake.png "${enc[@]}"

# Numbers: non-finite or overflowing values are refused, never coded into garbage.
floats 1024 "$one" 100 "$inf" >inf.bin
npy inf_pixel.npy '<f4' '32, 32' inf.bin
expect inf_pixel_lcn 1 "pixel \(3, 4\) is not finite" encode inf_pixel.npy "${enc[@]}"
expect inf_pixel_whiten 1 "pixel \(3, 4\) is not finite" encode inf_pixel.npy "${enc[@]}" --preprocess whiten
expect inf_pixel_raw 1 "pixel \(3, 4\) is not finite" encode inf_pixel.npy "${enc[@]}" --preprocess none
floats 1024 "$one" 5 "$nan" >nan.bin
npy nan_pixel.npy '<f4' '32, 32' nan.bin
expect nan_pixel 1 "pixel \(0, 5\) is not finite" encode nan_pixel.npy "${enc[@]}" --preprocess whiten
floats 288 "$big" >big.bin
npy big_bank.npy '<f4' '2, 12, 12' big.bin
expect bank_of_1e30 1 "above the largest usable magnitude" encode flat.pgm --bank-file big_bank.npy --solver mp
floats 288 "$half" 150 "$zero" >partly_zero.bin
floats 144 "$zero" >>partly_zero.bin
npy zero_atom_bank.npy '<f4' '3, 12, 12' partly_zero.bin
expect zero_atom_in_bank 1 "atom 2 is all zero" encode flat.pgm --bank-file zero_atom_bank.npy --solver mp
floats 64 "$zero" >zeros.bin
npy zero_dict.npy '<f4' '4, 16' zeros.bin
floats 32 "$half" >signals.bin
npy signals.npy '<f4' '2, 16' signals.bin
for solver in mp omp; do
  expect all_zero_dictionary_$solver 1 "atom 0 is all zero" encode-patches --dict zero_dict.npy --signals signals.npy --solver $solver --atoms 2 --out x.npy
done
floats 32 "$half" 3 "$huge" >huge_signals.bin
npy huge_signals.npy '<f4' '2, 16' huge_signals.bin
floats 64 "$half" >dict.bin
npy dict.npy '<f4' '4, 16' dict.bin
expect signal_near_float_max 1 "encode-patches: value 3 of signal 0 is .*above the largest usable magnitude" encode-patches --dict dict.npy --signals huge_signals.npy --solver fista --lambda 0.1 --out x.npy
for pre in lcn whiten; do # both normalise a constant image to zero: nothing to code
  expect constant_image_$pre 0 '"nnz": 0, .*"psnr_db": null, "psnr_db_note": "undefined: the coded image is constant' encode flat.pgm "${enc[@]}" --preprocess $pre
done
expect constant_image_raw 0 '"psnr_db": null, "psnr_db_note": "undefined: the coded image is constant' encode flat.pgm "${enc[@]}" --preprocess none
expect bank_too_small_for_the_model 1 "on 2x2 pixels no frequency lies in the pass band" bank --kind heterogeneous --size 2 --out x.npy

# Parameters: impossible or absurd values are refused before any work.
expect lambda_nan 2 "--lambda: must be a finite number" encode flat.pgm --bank heterogeneous --solver admm --lambda nan
expect crop_larger_than_the_images 2 "smaller than the 16384x16384 crops" learn --init heterogeneous --images flat.pgm --steps 5 --crop 16384 --out learned.npy
expect learn_unwritable_out 1 "cannot write /nonexistent/learned.npy" learn --init random --count 4 --size 4 --images flat.pgm --crop 16 --steps 100000 --out /nonexistent/learned.npy
{ printf 'P2 32 32 255\n'; for ((i = 0; i < 1024; i++)); do printf '%d ' $(((i * 37) % 256)); done; } >texture.pgm
# The largest budget reserves no more than the image can use (it would ask for 1.6 GB).
expect largest_atom_budget 0 '"stop": "target_psnr"' encode texture.pgm --bank heterogeneous --solver mp --atoms 100000000 --target-psnr 15
expect bank_absurd_size 2 "--size: Value 100000 not in range" bank --kind random --size 100000 --out x.npy

# IDX (gzip): a header claiming 2^32 values over 10 bytes, and a data set smaller than asked for.
mkdir -p fashion
idx() { # idx FILE RANK SIZES... then values from stdin
  local file=$1 rank=$2
  shift 2
  { printf '\x00\x00\x08'"\\x0$rank"; for s in "$@"; do printf "\\x$(printf %02x $((s >> 24 & 255)))\\x$(printf %02x $((s >> 16 & 255)))\\x$(printf %02x $((s >> 8 & 255)))\\x$(printf %02x $((s & 255)))"; done; cat; } | gzip -c >"$file"
}
head -c 10 /dev/zero | idx fashion/train-images-idx3-ubyte.gz 3 65536 256 256
head -c 10 /dev/zero | idx fashion/train-labels-idx1-ubyte.gz 1 65536
expect idx_claims_beyond_its_data 1 "truncated values" classify --data fashion --train 10 --test 10 --no-raw --banks heterogeneous
head -c $((64 * 784)) /dev/zero | idx fashion/train-images-idx3-ubyte.gz 3 64 28 28
head -c 64 /dev/zero | idx fashion/train-labels-idx1-ubyte.gz 1 64
cp fashion/train-images-idx3-ubyte.gz fashion/t10k-images-idx3-ubyte.gz
cp fashion/train-labels-idx1-ubyte.gz fashion/t10k-labels-idx1-ubyte.gz
expect idx_fewer_images_than_asked 1 "60000 train images asked for, the file holds 64" classify --data fashion --train 60000 --test 10 --no-raw --banks heterogeneous

# Outputs: a write that fails is an error, whatever the stream.
if [ -w /dev/full ]; then
  to=/dev/full expect stdout_full 1 "cannot write to standard output" bank --kind homogeneous --out x.npy
  to=/dev/full expect stdout_full_stream 1 "cannot write to standard output" encode flat.pgm "${enc[@]}" --codes -
  to=/dev/full expect stdout_full_fit 1 "cannot write to standard output" fit --bank-file big_bank.npy
fi
# stderr: a failed write of the progress bar is a failed run (exit 1, nothing can be said).
if [ -w /dev/full ]; then
  if (ulimit -v $ceiling; timeout $seconds "$hsc" learn --init random --count 4 --size 4 --images flat.pgm --crop 16 \
      --steps 2 --out learned.npy 2>/dev/full >/dev/null); then
    echo "FAIL stderr_full: exit 0 although the progress could not be written"
    failures=$((failures + 1))
  else
    echo "ok   stderr_full"
  fi
fi
expect study_unwritable_out 1 "cannot write into /dev/null/results" quantize --out /dev/null/results
expect study_unwritable_page 1 "cannot write /nonexistent/page.md" quantize --page /nonexistent/page.md
expect unwritable_codes 1 "cannot write /nonexistent/c.npy: no writable folder /nonexistent" encode flat.pgm "${enc[@]}" --codes /nonexistent/c.npy

echo "$failures failure(s)"
[ $failures -eq 0 ]
