package sched

import (
	"fmt"
	"strings"
)

// fakeOps stands in for image-ops. Each operation appends its name to the
// image data, so a result shows which operations ran on it and in what order;
// calls lists every call, failed ones included.
type fakeOps struct {
	calls []string
	// fail, when set, decides the outcome of each call before it is made.
	fail func(call string) error
	// during, when set, runs inside each call, while the task is running.
	during func()
}

func (f *fakeOps) do(call string, img Image) (Image, error) {
	f.calls = append(f.calls, call)
	if f.during != nil {
		f.during()
	}
	if f.fail != nil {
		if err := f.fail(call); err != nil {
			return Image{}, err
		}
	}
	out := img
	out.Data = append(append([]byte(nil), img.Data...), call+";"...)
	return out, nil
}

func (f *fakeOps) Grayscale(img Image) (Image, error) {
	return f.do("grayscale", img)
}

func (f *fakeOps) Blur(img Image, radius uint32) (Image, error) {
	return f.do(fmt.Sprintf("blur %d", radius), img)
}

func (f *fakeOps) Resize(img Image, width, height uint32) (Image, error) {
	out, err := f.do(fmt.Sprintf("resize %dx%d", width, height), img)
	out.Width, out.Height = width, height
	return out, err
}

func (f *fakeOps) ApplyFilter(img Image, opts FilterOptions) (Image, error) {
	return f.do("apply-filter "+formatOptions(opts), img)
}

func formatOptions(o FilterOptions) string {
	var parts []string
	if o.Brightness != nil {
		parts = append(parts, fmt.Sprintf("brightness=%g", *o.Brightness))
	}
	if o.Contrast != nil {
		parts = append(parts, fmt.Sprintf("contrast=%g", *o.Contrast))
	}
	if o.BlurRadius != nil {
		parts = append(parts, fmt.Sprintf("blur-radius=%d", *o.BlurRadius))
	}
	return "{" + strings.Join(parts, ",") + "}"
}

// failTimes fails the first n calls with err, then succeeds.
func failTimes(n int, err error) func(string) error {
	return func(string) error {
		if n == 0 {
			return nil
		}
		n--
		return err
	}
}

type recordingLogger struct {
	messages []string
}

func (l *recordingLogger) Debug(message string) {
	l.messages = append(l.messages, message)
}

// take returns the messages logged since the last take.
func (l *recordingLogger) take() []string {
	m := l.messages
	l.messages = nil
	return m
}

func newTestScheduler() (*Scheduler, *fakeOps, *recordingLogger) {
	ops := &fakeOps{}
	log := &recordingLogger{}
	return New(ops, log), ops, log
}

func testImage() Image {
	return Image{Width: 2, Height: 1, Channels: 1, Data: []byte("px;")}
}

func task(op string) Task {
	return Task{Image: testImage(), Operation: op}
}

func ptr[T any](v T) *T {
	return &v
}
