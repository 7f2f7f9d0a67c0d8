#!/bin/bash
# usage: tmp-abn.sh which rounds dist...
which=$1; rounds=$2; shift 2
for i in $(seq $rounds); do for d in "$@"; do node bench/tmp-ab.mjs /work/main/$d $which | awk -v d=$d '{print d, $3}'; done; done > /tmp/abn.txt
for d in "$@"; do grep "^$d " /tmp/abn.txt | awk '{print $2}' | sort -n | tr '\n' ' ' | awk -v d=$d '{n=NF; printf "%-10s min %5d  med %5d  (%s)\n", d, $1, $(int((n+1)/2)), $0}'; done
