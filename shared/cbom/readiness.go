package cbom

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	cdx "github.com/CycloneDX/cyclonedx-go"

	"github.com/attestdev/attest/shared/crypto"
	"github.com/attestdev/attest/shared/finding"
)

// Classes are the classes the readiness summary counts, in the order it prints them: the six crypto
// classes, then the uses no rule flags.
var Classes = []string{crypto.ClassWeakHash, crypto.ClassWeakCipher, crypto.ClassECBMode, crypto.ClassShortKey,
	crypto.ClassQuantumVulnerable, crypto.ClassWeakTLS, finding.ClassSafe}

// Readiness is how far a subject's cryptography is from post-quantum readiness: its uses by class, and its
// public-key uses, for key exchange and for signatures, with how many of them are already post-quantum.
type Readiness struct {
	Uses    int            // every use of cryptography inventoried
	ByClass map[string]int // uses by class (Classes), zero included

	KeyExchange, KeyExchangePQ int // key agreement, encapsulation and public-key encryption; post-quantum of them
	Signature, SignaturePQ     int // signatures; post-quantum of them
}

// Asymmetric is the number of public-key uses.
func (r Readiness) Asymmetric() int { return r.KeyExchange + r.Signature }

// PostQuantum is the number of public-key uses that are post-quantum.
func (r Readiness) PostQuantum() int { return r.KeyExchangePQ + r.SignaturePQ }

// Share is the post-quantum share of the public-key uses, from 0 to 1; 0 when there are none.
func (r Readiness) Share() float64 { return share(r.PostQuantum(), r.Asymmetric()) }

func share(pq, total int) float64 {
	if total == 0 {
		return 0
	}
	return float64(pq) / float64(total)
}

// ReadinessOf counts a scan's inventory.
func ReadinessOf(assets []finding.CryptoAsset) Readiness {
	r := Readiness{ByClass: make(map[string]int, len(Classes))}
	for _, c := range Classes {
		r.ByClass[c] = 0
	}
	for _, a := range assets {
		r.Uses++
		r.ByClass[a.Class]++
		f := crypto.AssetFacts(a)
		switch f.Role {
		case crypto.RoleKeyExchange:
			r.KeyExchange++
			if f.PostQuantum {
				r.KeyExchangePQ++
			}
		case crypto.RoleSignature:
			r.Signature++
			if f.PostQuantum {
				r.SignaturePQ++
			}
		}
	}
	return r
}

// Names of the readiness properties in a BOM's metadata.
const (
	propPrefix        = "attest:readiness:"
	propUses          = propPrefix + "uses"
	propClass         = propPrefix + "class:"
	propAsymmetric    = propPrefix + "asymmetric"
	propPostQuantum   = propPrefix + "post-quantum"
	propShare         = propPrefix + "post-quantum-share"
	propKeyExchange   = propPrefix + "key-exchange"
	propKeyExchangePQ = propPrefix + "key-exchange:post-quantum"
	propSignature     = propPrefix + "signature"
	propSignaturePQ   = propPrefix + "signature:post-quantum"
)

// Properties renders the summary as BOM metadata properties (attest:readiness:*).
func (r Readiness) Properties() []cdx.Property {
	p := func(name string, n int) cdx.Property { return cdx.Property{Name: name, Value: strconv.Itoa(n)} }
	out := []cdx.Property{p(propUses, r.Uses)}
	for _, c := range Classes {
		out = append(out, p(propClass+c, r.ByClass[c]))
	}
	return append(out, p(propAsymmetric, r.Asymmetric()), p(propPostQuantum, r.PostQuantum()),
		cdx.Property{Name: propShare, Value: strconv.FormatFloat(r.Share(), 'f', 3, 64)},
		p(propKeyExchange, r.KeyExchange), p(propKeyExchangePQ, r.KeyExchangePQ),
		p(propSignature, r.Signature), p(propSignaturePQ, r.SignaturePQ))
}

// ReadinessFromBOM reads the summary back from a BOM's metadata; false when the BOM has none.
func ReadinessFromBOM(bom *cdx.BOM) (Readiness, bool) {
	r := Readiness{ByClass: map[string]int{}}
	if bom == nil || bom.Metadata == nil || bom.Metadata.Properties == nil {
		return r, false
	}
	found := false
	for _, p := range *bom.Metadata.Properties {
		if !strings.HasPrefix(p.Name, propPrefix) {
			continue
		}
		n, err := strconv.Atoi(p.Value)
		if err != nil {
			continue // the share, derived from the counts
		}
		found = true
		switch p.Name {
		case propUses:
			r.Uses = n
		case propKeyExchange:
			r.KeyExchange = n
		case propKeyExchangePQ:
			r.KeyExchangePQ = n
		case propSignature:
			r.Signature = n
		case propSignaturePQ:
			r.SignaturePQ = n
		default:
			if c, ok := strings.CutPrefix(p.Name, propClass); ok {
				r.ByClass[c] = n
			}
		}
	}
	return r, found
}

// Line is the summary in one line, for a notification: "42 uses: 30 safe, 8 quantum-vulnerable, 4 weak-hash;
// post-quantum 2 of 10 public-key uses (20%): key exchange 2/6, signatures 0/4".
func (r Readiness) Line() string {
	var parts []string
	for _, c := range Classes {
		if n := r.ByClass[c]; n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, strings.TrimPrefix(c, "crypto/")))
		}
	}
	uses := fmt.Sprintf("%d uses", r.Uses)
	if r.Uses == 1 {
		uses = "1 use"
	}
	if len(parts) > 0 {
		uses += ": " + strings.Join(parts, ", ")
	}
	if r.Asymmetric() == 0 {
		return uses + "; no public-key cryptography"
	}
	return fmt.Sprintf("%s; post-quantum %d of %d public-key uses (%.0f%%): key exchange %d/%d, signatures %d/%d",
		uses, r.PostQuantum(), r.Asymmetric(), 100*r.Share(), r.KeyExchangePQ, r.KeyExchange, r.SignaturePQ, r.Signature)
}

// WriteText prints the summary as a small table, for people.
func (r Readiness) WriteText(w io.Writer, subject string) error {
	var b strings.Builder
	fmt.Fprintf(&b, "Cryptography readiness of %s: %d uses\n\n", subject, r.Uses)
	fmt.Fprintf(&b, "  %-28s %6s\n", "class", "uses")
	for _, c := range Classes {
		fmt.Fprintf(&b, "  %-28s %6d\n", c, r.ByClass[c])
	}
	fmt.Fprintf(&b, "\n  %-28s %6s %6s %6s\n", "public-key uses", "total", "pq", "share")
	row := func(name string, pq, total int) {
		fmt.Fprintf(&b, "  %-28s %6d %6d %5.0f%%\n", name, total, pq, 100*share(pq, total))
	}
	row("key exchange", r.KeyExchangePQ, r.KeyExchange)
	row("signatures", r.SignaturePQ, r.Signature)
	row("all", r.PostQuantum(), r.Asymmetric())
	_, err := io.WriteString(w, b.String())
	return err
}
