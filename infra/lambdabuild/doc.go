// Package lambdabuild compiles the Lambda functions of this module (functions/<name>) into the "bootstrap"
// executables the provided.al2023 runtime starts, for linux/arm64, during `cdk synth`.
//
// Builds are reproducible (-trimpath, no VCS stamp, stripped), so an unchanged function keeps its asset hash
// and is not redeployed. Functions that use cgo are cross-compiled with a C compiler for aarch64 Linux and linked
// statically, so they need no C library from the Lambda image.
package lambdabuild
