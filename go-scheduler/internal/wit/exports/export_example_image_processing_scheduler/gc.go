//go:build wasip1

package export_example_image_processing_scheduler

import (
	"runtime"
	"runtime/debug"
	"runtime/metrics"
)

// Garbage collection runs only at safe points.
//
// While the canonical ABI lowers a value into this component (an argument of
// an exported call, or the result of an image-ops call), it allocates the
// memory through cabi_realloc, and the component may not call any import
// until that is done. Go's collector can finish a cycle inside any
// allocation, and finishing one reads the wall clock and polls timers:
// through the WASI preview1 adapter those are imports, so the instance traps
// with "cannot leave component instance". The adapter's clock pause, which
// go.bytecodealliance.org/pkg's cabi_realloc turns on, covers only the
// monotonic clock in wasmtime 48 (wasmtime issue 14318).
//
// So automatic collection is off, and collectIfDue runs at the start of the
// exported calls that allocate and before every image-ops call, where imports
// are allowed. It keeps GOGC=100's pacing: a collection once as much has been
// allocated since the last one as was live after it, but at least
// minCollectBytes.
const minCollectBytes = 1 << 20

var (
	gcSamples = []metrics.Sample{
		{Name: "/gc/heap/allocs:bytes"},
		{Name: "/gc/heap/live:bytes"},
	}
	allocatedAtLastGC uint64
)

func init() {
	debug.SetGCPercent(-1)
	// The heap profiler samples allocations and keeps a record of each
	// sampled call stack for ever: memory spent on profiles that nothing can
	// read from inside a component.
	runtime.MemProfileRate = 0
}

func collectIfDue() {
	metrics.Read(gcSamples)
	allocated, live := gcSamples[0].Value.Uint64(), gcSamples[1].Value.Uint64()
	if allocated-allocatedAtLastGC < max(minCollectBytes, live) {
		return
	}
	runtime.GC()
	metrics.Read(gcSamples)
	allocatedAtLastGC = gcSamples[0].Value.Uint64()
}
