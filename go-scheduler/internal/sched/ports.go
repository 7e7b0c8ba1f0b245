package sched

// ImageOps is the imported `image-ops` interface. Implementations report
// failures as *Error; any other error counts as processing-failed.
type ImageOps interface {
	Grayscale(img Image) (Image, error)
	Blur(img Image, radius uint32) (Image, error)
	Resize(img Image, width, height uint32) (Image, error)
	ApplyFilter(img Image, opts FilterOptions) (Image, error)
}

// Logger receives one message per state change. The component sends them to
// wasi:logging at debug level with context "scheduler".
type Logger interface {
	Debug(message string)
}
