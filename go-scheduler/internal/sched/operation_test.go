package sched

import (
	"reflect"
	"strings"
	"testing"
)

func TestParseOperation(t *testing.T) {
	filter := FilterOptions{Brightness: ptr[float32](0.5), Contrast: ptr[float32](-10), BlurRadius: ptr[uint32](2)}
	tests := []struct {
		op   string
		opts FilterOptions
		want []step
	}{
		{"grayscale", FilterOptions{}, []step{{name: "grayscale"}}},
		{"blur", FilterOptions{BlurRadius: ptr[uint32](3)}, []step{{name: "blur", radius: 3}}},
		{"blur", FilterOptions{BlurRadius: ptr[uint32](0)}, []step{{name: "blur", radius: 0}}},
		{"apply-filter", filter, []step{{name: "apply-filter", filter: filter}}},
		{"apply-filter", FilterOptions{}, []step{{name: "apply-filter"}}},
		{"resize:640x480", FilterOptions{}, []step{{name: "resize", width: 640, height: 480}}},
		{"resize:007x0", FilterOptions{}, []step{{name: "resize", width: 7, height: 0}}},
		{"resize:4294967295x1", FilterOptions{}, []step{{name: "resize", width: 4294967295, height: 1}}},
		{"resize:640x480|grayscale", FilterOptions{}, []step{
			{name: "resize", width: 640, height: 480},
			{name: "grayscale"},
		}},
		{"grayscale|blur|apply-filter|resize:1x2|grayscale", filter, []step{
			{name: "grayscale"},
			{name: "blur", radius: 2},
			{name: "apply-filter", filter: filter},
			{name: "resize", width: 1, height: 2},
			{name: "grayscale"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.op, func(t *testing.T) {
			got, err := parseOperation(tt.op, tt.opts)
			if err != nil {
				t.Fatalf("parseOperation(%q) failed: %v", tt.op, err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("parseOperation(%q) = %+v, want %+v", tt.op, got, tt.want)
			}
		})
	}
}

func TestParseOperationRejects(t *testing.T) {
	tests := []struct {
		op      string
		opts    FilterOptions
		message string // a part of the error message
	}{
		{"", FilterOptions{}, "empty operation"},
		{"|", FilterOptions{}, "empty operation"},
		{"grayscale|", FilterOptions{}, "empty operation"},
		{"|grayscale", FilterOptions{}, "empty operation"},
		{"grayscale||blur", FilterOptions{BlurRadius: ptr[uint32](1)}, "empty operation"},
		{"sharpen", FilterOptions{}, `unknown operation "sharpen"`},
		{"Grayscale", FilterOptions{}, "unknown operation"},
		{" grayscale", FilterOptions{}, "unknown operation"},
		{"grayscale ", FilterOptions{}, "unknown operation"},
		{"grayscale:1", FilterOptions{}, `unknown operation "grayscale:1"`},
		{"blur:3", FilterOptions{BlurRadius: ptr[uint32](3)}, "unknown operation"},
		{"resize:640x480|sharpen", FilterOptions{}, `unknown operation "sharpen"`},
		{"blur", FilterOptions{}, "blur needs options.blur-radius"},
		{"grayscale|blur", FilterOptions{Brightness: ptr[float32](1)}, "blur needs options.blur-radius"},
		{"resize", FilterOptions{}, "resize needs a size"},
		{"resize:", FilterOptions{}, "not <W>x<H>"},
		{"resize:640", FilterOptions{}, "not <W>x<H>"},
		{"resize:640X480", FilterOptions{}, "not <W>x<H>"},
		{"resize:640×480", FilterOptions{}, "not <W>x<H>"},
		{"resize:x480", FilterOptions{}, "width"},
		{"resize:640x", FilterOptions{}, "height"},
		{"resize:640x480x3", FilterOptions{}, "height"},
		{"resize:-1x2", FilterOptions{}, "width"},
		{"resize:+1x2", FilterOptions{}, "width"},
		{"resize:1x-2", FilterOptions{}, "height"},
		{"resize: 1x2", FilterOptions{}, "width"},
		{"resize:1_000x2", FilterOptions{}, "width"},
		{"resize:0x10x2", FilterOptions{}, "height"},
		{"resize:1.5x2", FilterOptions{}, "width"},
		{"resize:4294967296x1", FilterOptions{}, "width"},
		{"resize:1x4294967296", FilterOptions{}, "height"},
		{"resize:99999999999999999999999x1", FilterOptions{}, "width"},
	}
	for _, tt := range tests {
		t.Run(tt.op, func(t *testing.T) {
			steps, err := parseOperation(tt.op, tt.opts)
			if err == nil {
				t.Fatalf("parseOperation(%q) = %+v, want an error", tt.op, steps)
			}
			if err.Kind != InvalidFormat {
				t.Errorf("error kind = %v, want invalid-format", err.Kind)
			}
			if !strings.Contains(err.Message, tt.message) {
				t.Errorf("error message %q does not contain %q", err.Message, tt.message)
			}
		})
	}
}

// FuzzParseOperation checks that no operation string panics and that every
// rejection is invalid-format.
func FuzzParseOperation(f *testing.F) {
	for _, seed := range []string{"grayscale", "blur", "resize:1x1|grayscale", "resize:x", "|", "resize:4294967296x0"} {
		f.Add(seed, true)
	}
	f.Fuzz(func(t *testing.T, op string, withRadius bool) {
		var opts FilterOptions
		if withRadius {
			opts.BlurRadius = ptr[uint32](1)
		}
		steps, err := parseOperation(op, opts)
		switch {
		case err != nil && err.Kind != InvalidFormat:
			t.Fatalf("parseOperation(%q): error kind %v, want invalid-format", op, err.Kind)
		case err == nil && len(steps) == 0:
			t.Fatalf("parseOperation(%q) accepted no steps", op)
		}
	})
}
