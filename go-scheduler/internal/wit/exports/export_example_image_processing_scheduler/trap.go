//go:build wasip1 && trapinject

package export_example_image_processing_scheduler

// Test-only trap injection: built with `-tags trapinject` into build/trap/
// (host/traps.mk), never into the release component. An apply-filter task
// whose contrast is one of the codes below fails the way Go code can fail,
// so that the host's trap recovery is tested against the real runtime.

import "example.com/image-pipeline/go-scheduler/internal/sched"

// The contrast values that trap (far outside image-ops' -255..=255).
const (
	trapPanic   = 2001 // panic: the Go runtime prints it and exits
	trapNil     = 2002 // nil pointer dereference
	trapOOM     = 2003 // allocate until memory.grow fails: "out of memory"
	trapForever = 2004 // never return: only the host's deadline stops it
)

func init() {
	scheduler = sched.New(trapOps{}, logger{})
}

type trapOps struct{ imageOps }

// hoard keeps every block alive, so that the collector cannot reuse them.
var hoard [][]byte

func (t trapOps) ApplyFilter(img sched.Image, opts sched.FilterOptions) (sched.Image, error) {
	if opts.Contrast != nil {
		switch *opts.Contrast {
		case trapPanic:
			panic("trap-injection: panic")
		case trapNil:
			var missing *sched.Image
			return *missing, nil
		case trapOOM:
			for {
				hoard = append(hoard, make([]byte, 16<<20))
			}
		case trapForever:
			for {
			}
		}
	}
	return t.imageOps.ApplyFilter(img, opts)
}
