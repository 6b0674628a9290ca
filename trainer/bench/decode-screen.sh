#!/bin/bash
# Decode-time screening of candidate synthesis shapes (issue 13, variant E): untrained (2-step) bundles, one warm JVM each, 6 Kodak images.
cd "$(dirname "$0")/../.."
RUNS=${RUNS:-../runs}
J=$RUNS/jars/screen.jar
cp trainer/target/sth-trainer.jar $J
S=$RUNS/screen; mkdir -p $S
for v in "128 0" "96 1" "96 0" "128 1"; do
  set -- $v; n=$1; r=$2; name=n${n}r${r}
  rm -rf $S/$name $S/m-$name
  java -jar $J train --run $S/$name --data ../shared/data/train --latent-channels 32 --centers 6 --vector-dim 1 --crop 64 --batch 2 \
    --steps 2 --channels $n --res-blocks $r --nonlinearity gdn --rate CONTEXT --validate-every 1000 --checkpoint-every 1000 --warmup-steps 0 --anneal-steps 1 >$S/$name.train.out 2>&1
  java -jar $J export --run $S/$name --name scr-$name --out $S/m-$name --family psnr --level 1 >$S/$name.export.out 2>&1
done
{
echo "# psnr-4"; java -jar $J bench-codec --dataset ../shared/data/kodak --model psnr-4 --limit 6 --repeat 2 2>&1 | grep -av "^\s*$" | tail -3
for name in n128r1 n128r0 n96r1 n96r0; do
echo "# $name"; java -jar $J bench-codec --dataset ../shared/data/kodak --model-dir $S/m-$name/scr-$name --limit 6 --repeat 2 2>&1 | grep -av "^\s*$" | tail -3
done
} > $S/decode.txt 2>&1
