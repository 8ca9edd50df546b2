package scan

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"runtime/metrics"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/attestdev/attest/shared/run"
	"github.com/attestdev/attest/shared/store"
)

// Memory in the scale benchmarks is measured two ways, because the tree-sitter analyzers allocate in C, which
// the Go heap statistics do not see:
//
//   - peak-RSS-MiB is the process's resident-set high-water mark (VmHWM in /proc/self/status), reset through
//     /proc/self/clear_refs just before the timed loop, so the generator's memory is not counted. It is the
//     figure to compare with a Lambda's memory size. Where the reset is not allowed the metric is the
//     process's lifetime peak, and the benchmark logs that.
//   - peak-heap-MiB is the largest live Go heap (runtime/metrics heap objects), sampled every millisecond
//     during the loop.
//
// MB/cpu-s is the bytes scanned per second of CPU time (user and system, from getrusage) in the loop.

// benchSeed fixes the generated trees, so that figures from two runs compare the same input.
const benchSeed = 20261127

// resetPeakRSS resets the process's resident-set high-water mark (Linux 4.0+).
func resetPeakRSS() error {
	return os.WriteFile("/proc/self/clear_refs", []byte("5"), 0)
}

// peakRSS reads the process's resident-set high-water mark, in bytes.
func peakRSS() (int64, error) {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			if err != nil {
				return 0, fmt.Errorf("parse VmHWM %q: %w", v, err)
			}
			return kb << 10, nil
		}
	}
	if err := sc.Err(); err != nil {
		return 0, err
	}
	return 0, fmt.Errorf("no VmHWM in /proc/self/status")
}

// heapSampler records the largest live Go heap while it runs.
type heapSampler struct {
	stop chan struct{}
	done sync.WaitGroup
	peak uint64
}

func startHeapSampler() *heapSampler {
	h := &heapSampler{stop: make(chan struct{})}
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	read := func() {
		metrics.Read(sample)
		if sample[0].Value.Kind() == metrics.KindUint64 {
			h.peak = max(h.peak, sample[0].Value.Uint64())
		}
	}
	h.done.Add(1)
	go func() {
		defer h.done.Done()
		t := time.NewTicker(time.Millisecond)
		defer t.Stop()
		for {
			read()
			select {
			case <-h.stop:
				read()
				return
			case <-t.C:
			}
		}
	}()
	return h
}

// Stop ends the sampling and returns the peak, in bytes.
func (h *heapSampler) Stop() uint64 {
	close(h.stop)
	h.done.Wait()
	return h.peak
}

// cpuTime is the CPU time the process has used, user and system.
func cpuTime() (time.Duration, error) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0, err
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), nil
}

// memoryProbe measures the benchmark loop's memory and CPU time: create it right before the loop, count
// the bytes each iteration scans with add, report after.
type memoryProbe struct {
	heap     *heapSampler
	rssReset bool
	cpu      time.Duration
	bytes    int64
}

func startMemoryProbe(b *testing.B) *memoryProbe {
	b.Helper()
	p := &memoryProbe{rssReset: resetPeakRSS() == nil}
	if !p.rssReset {
		b.Log("cannot reset VmHWM through /proc/self/clear_refs: peak-RSS-MiB is the whole process's peak")
	}
	p.cpu, _ = cpuTime()
	p.heap = startHeapSampler()
	return p
}

// add counts the bytes one iteration scanned.
func (p *memoryProbe) add(n int64) { p.bytes += n }

func (p *memoryProbe) report(b *testing.B) {
	b.Helper()
	b.ReportMetric(float64(p.heap.Stop())/(1<<20), "peak-heap-MiB")
	// MB per CPU-second is throughput per core that other processes on a shared machine do not distort as
	// they do wall time.
	if end, err := cpuTime(); err == nil && end > p.cpu && p.bytes > 0 {
		b.ReportMetric(float64(p.bytes)/1e6/(end-p.cpu).Seconds(), "MB/cpu-s")
	}
	rss, err := peakRSS()
	if err != nil {
		b.Logf("peak RSS unknown: %v", err)
		return
	}
	b.ReportMetric(float64(rss)/(1<<20), "peak-RSS-MiB")
}

// BenchmarkScanTree100MB scans a generated repository of at least 100 MB across Go, Python, Java,
// JavaScript, TypeScript and C# (about 17,600 files averaging 6 KB), the scan of a whole checkout. The tree is written once;
// MB/s is over the source bytes, with every file analysed (the benchmark fails if any is skipped).
func BenchmarkScanTree100MB(b *testing.B) {
	dir := b.TempDir()
	files, total, err := genWriteTree(dir, benchSeed, 100<<20)
	if err != nil {
		b.Fatal(err)
	}
	fsys := os.DirFS(dir)
	svc := New()
	ctx := context.Background()
	b.SetBytes(total)
	b.ReportAllocs()
	var findings int
	probe := startMemoryProbe(b)
	for b.Loop() {
		rep, err := svc.Scan(ctx, fsys, nil)
		if err != nil {
			b.Fatal(err)
		}
		if len(rep.Scanned) != len(files) || len(rep.Skipped) != 0 {
			b.Fatalf("scanned %d of %d files, skipped %d (first: %v); want all analysed", len(rep.Scanned), len(files), len(rep.Skipped), rep.Skipped[:min(1, len(rep.Skipped))])
		}
		findings = len(rep.Findings)
		probe.add(total)
	}
	probe.report(b)
	b.ReportMetric(float64(len(files)), "files")
	b.ReportMetric(float64(findings), "findings")
}

// push30 puts a typical push into a work store as the fetch step does: 30 changed files, 26 of source in
// every language (sizes drawn as in the tree, so a few KB to a few tens of KB) and 4 CloudFormation
// templates. It returns the state the scan step receives and the bytes changed.
func push30(b *testing.B, work store.Store) (run.State, int64) {
	b.Helper()
	ctx := context.Background()
	cs := run.Changeset{Repository: "billing", BaseCommit: strings.Repeat("a", 40), HeadCommit: strings.Repeat("b", 40)}
	var total int64
	add := func(f genFile) {
		key := "runs/bench/head/" + f.path
		if err := work.Put(ctx, key, f.data); err != nil {
			b.Fatal(err)
		}
		cs.Files = append(cs.Files, run.ChangedFile{Path: f.path, Change: run.ChangeModified,
			BaseKey: "runs/bench/base/" + f.path, HeadKey: key, Size: int64(len(f.data))})
		total += int64(len(f.data))
	}
	// The first files of a seed cover every language; which ones is fixed by the seed.
	for i := range 26 {
		add(genSource(benchSeed+1, i))
	}
	for i := range 4 {
		add(genTemplate(benchSeed+1, i))
	}
	raw, err := json.Marshal(cs)
	if err != nil {
		b.Fatal(err)
	}
	if err := work.Put(ctx, "runs/bench/changes.json", raw); err != nil {
		b.Fatal(err)
	}
	return run.State{RunID: "bench", Flow: run.FlowPush, Files: map[string]string{run.ChangesetFile: "runs/bench/changes.json"}}, total
}

// BenchmarkScanPush30 runs the scan step as the Lambda does on a typical push: read the changeset and the 30
// changed files from the work store (a local directory here), scan them, and write the SARIF log, the
// evaluations and the CBOM. A push has to finish well within a second and 256 MB.
func BenchmarkScanPush30(b *testing.B) {
	work, err := store.NewLocal(b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	in, total := push30(b, work)
	step := &Step{Work: work, Service: New(), Version: "bench"}
	ctx := context.Background()
	b.SetBytes(total)
	b.ReportAllocs()
	var out run.State
	probe := startMemoryProbe(b)
	for b.Loop() {
		out, err = step.Run(ctx, in)
		if err != nil {
			b.Fatal(err)
		}
		if len(out.Gaps) != 0 {
			b.Fatalf("gaps %v; want every changed file analysed", out.Gaps)
		}
		probe.add(total)
	}
	probe.report(b)
	if want := "30 files, 0 skipped"; out.Summary["scanned"] != want {
		b.Fatalf("summary scanned = %q; want %q", out.Summary["scanned"], want)
	}
}
