//go:build !unix

package main

import "os"

func peakRSSMB(*os.ProcessState) (float64, bool) { return 0, false }
