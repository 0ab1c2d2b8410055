#!/usr/bin/env bash
# Regenerate the golden traces and the saved race reports of traces/ with
# build/tunsim (after an intended change of the model or the simulated
# kernel; see traces/README.md).  Reports are re-found by exploring the
# hand-written scenario they came from, then minimized.
set -euo pipefail
cd "$(dirname "$0")/.."
T=build/tunsim

for g in basic/tun-lifecycle:0 basic/tap-lifecycle:0 basic/unit-allocation:0 \
    io/send-wakes-reader:7 race/open-vs-close:4; do
	f=${g%%:*}; s=${g##*:}
	$T run traces/$f.tsn --seed "$s" --trace traces/$f.seed$s.trace \
	    --format text >/dev/null || true
done

# name | scenario | the root-cause signature (its start) the report must have
reports="
tunopen-xxxrw-double-tuncreate|create/create-vs-open|panic: tun_destroy \"WARNING: Driver mistake: destroy_dev on N\" (teardown)
cdev-freed-early-devfs-populate|create/create-vs-open|use-after-free: dev_rel on cdev freed by devfs_free (teardown)
tunopen-xxxrw-unbusy-wrong-softc|create/create-vs-open|panic: tun_unbusy_locked \"tun_unbusy: called for non-busy tunnel\" (close)
tunclone-dev-rel-negative|create/create-vs-open|panic: dev_rel \"dev_rel() gave negative count\" (open)
last-close-skipped-busy-leak|open/open-vs-close|hang: tun_destroy (teardown)
tunsifinfo-ifhwioctl-under-tun-mtx|ioctl/sifinfo-vs-mtu|sleep-with-mutex: tunifioctl
tunrename-alias-destroy-null|rename/rename-vs-rename|panic: tunrename \"WARNING: Driver mistake: destroy_dev on N\" (rename)
destroy-vs-clone-open-unit-double-free|destroy/destroy-vs-open|panic: tun_destroy \"UNR: Freeing free item N (bitmap)\" (teardown)
tunoutput-vs-destroy-softc-uaf|destroy/destroy-vs-send|use-after-free: tunoutput mtx_lock on tun freed by tun_destroy (send ∥ destroy)
unload-tunclone-after-cloners-gone|unload/unload-vs-clone-open|panic: tuntap_name2info \"tuntap_driver_cloners failed to initialize\" (open)
unload-if-clone-freed-under-create|unload/unload-vs-create|use-after-free: if_clone_addif mtx_lock on clone freed by vnet_tun_uninit (create ∥ kldunload)
"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "$reports" | while IFS='|' read -r name sc sig; do
	[ -n "$name" ] || continue
	rm -rf "$tmp/r"
	found=""
	for strat in "random" "pct --depth 2" "pct --depth 3"; do
		# shellcheck disable=SC2086
		$T explore scenarios/$sc.tsn --strategy $strat --budget 2000 \
		    --report-dir "$tmp/r" >/dev/null 2>&1 || true
		found=$(grep -l -F -e "signature: $sig" "$tmp"/r/*.report \
		    2>/dev/null | head -1 || true)
		[ -n "$found" ] && break
	done
	if [ -z "$found" ]; then
		echo "$name: not found any more" >&2
		continue
	fi
	out=traces/reports/$name.report
	# minimize keeps the root-cause signature: the report stays this bug.
	# (exit 1: minimized, the violation still there; else keep it whole)
	rc=0
	timeout 120 $T minimize "$found" -o "$out" >/dev/null 2>&1 || rc=$?
	[ "$rc" -eq 1 ] || cp "$found" "$out"
	sed -i "s#^reproduce: .*#reproduce: tunsim replay $out#" "$out"
	echo "$name: $(grep '^signature:' "$out")"
done
