// The design's Go scheduler (§2.2 step 5) under test: see scheduler_test.go.
module example.com/docs/errata/design

go 1.25
