package suppress_test

import (
	"fmt"

	"github.com/attestdev/attest/shared/suppress"
)

func ExampleDirectives() {
	src := []byte(`import hashlib

# attest:ignore ATT-CRYPTO-WEAK-HASH S3 ETag of public data, not a security use
etag = hashlib.md5(body).hexdigest()
legacy = hashlib.sha1(body).hexdigest()  # attest:ignore crypto/weak-hash
`)
	for _, d := range suppress.Directives("app/etag.py", src) {
		fmt.Printf("line %d covers line %d: %v, reason %q\n", d.Line, d.Target, d.IDs, d.Reason)
	}
	// Output:
	// line 3 covers line 4: [ATT-CRYPTO-WEAK-HASH], reason "S3 ETag of public data, not a security use"
	// line 5 covers line 5: [crypto/weak-hash], reason ""
}
