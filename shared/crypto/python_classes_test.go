//go:build cgo

package crypto

import "testing"

func TestPythonClassMessages(t *testing.T) {
	checkClassMessages(t, PythonAnalyzer{}, "app/x.py", pyCases)
}
