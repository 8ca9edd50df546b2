//go:build cgo

package crypto

import (
	"strings"

	ts "github.com/tree-sitter/go-tree-sitter"
)

// jKEM is Java's key encapsulation API (Java 21; ML-KEM from Java 24).
const jKEM = "javax.crypto.KEM"

// javaInventoryFactories are the JCA classes whose getInstance names an algorithm the inventory records.
// The rules decide what of it is flagged; the inventory records every one, flagged or not.
var javaInventoryFactories = map[string]bool{
	jMessageDigest: true, jCipher: true, jSecretKeyFactory: true, jSignature: true, jMac: true,
	jKeyAgreement: true, jKeyPairGenerator: true, jKeyGenerator: true, jSSLContext: true, jKEM: true,
}

// javaPQSpecs are the classes whose constants name a post-quantum parameter set: the JDK's
// NamedParameterSpec (ML_KEM_768, ML_DSA_65) and Bouncy Castle's parameter specs and parameters.
var javaPQSpecs = map[string]bool{
	"NamedParameterSpec": true, "MLKEMParameterSpec": true, "MLDSAParameterSpec": true, "SLHDSAParameterSpec": true,
	"MLKEMParameters": true, "MLDSAParameters": true, "SLHDSAParameters": true, "KyberParameterSpec": true,
	"DilithiumParameterSpec": true, "KyberParameters": true, "DilithiumParameters": true,
}

// inventoryFactory records the algorithm a JCA factory's getInstance names; q is the class.
func (f *javaFile) inventoryFactory(q, alg, api string, pos position) {
	if !javaInventoryFactories[q] {
		return
	}
	if q == jKeyGenerator && strings.HasPrefix(strings.ToUpper(alg), "AES") {
		return // an AES key: the cipher that uses it is the inventory
	}
	if _, classical := javaKeyFamily(alg); classical && q == jKeyPairGenerator {
		return // the rules report the generator where its size is decided: that finding is the inventory
	}
	f.inv.name(alg, api, pos)
}

// inventoryPQArgs records post-quantum parameter sets passed as constants: NamedParameterSpec.ML_KEM_768,
// MLDSAParameterSpec.ml_dsa_65.
func (f *javaFile) inventoryPQArgs(args []ts.Node) {
	for i := range args {
		n := &args[i]
		if n.KindId() != f.g.fieldAccess {
			continue
		}
		obj, field := n.ChildByFieldId(f.g.fObject), n.ChildByFieldId(f.g.fField)
		if obj == nil || field == nil {
			continue
		}
		cls := f.text(obj)
		cls = cls[strings.LastIndexByte(cls, '.')+1:]
		if !javaPQSpecs[cls] {
			continue
		}
		if a, ok := AssetFromName(f.text(field)); ok && catalog[a.Algorithm].pq {
			f.inv.add(a, cls+"."+f.text(field), f.pos(n))
		}
	}
}

// javaPQClasses are classes whose construction is a post-quantum use: liboqs-java's KeyEncapsulation and
// Signature take the algorithm's name; Bouncy Castle's lightweight generators, signers and KEM halves name the
// family (their parameters are MLKEMParameters.ml_kem_768 and the like, read where they are passed).
var javaPQClasses = map[string]string{
	"org.openquantumsafe.KeyEncapsulation": "", "org.openquantumsafe.Signature": "",
	"org.bouncycastle.pqc.crypto.mlkem.MLKEMKeyPairGenerator": "ML-KEM", "org.bouncycastle.pqc.crypto.mlkem.MLKEMGenerator": "ML-KEM",
	"org.bouncycastle.pqc.crypto.mlkem.MLKEMExtractor": "ML-KEM", "org.bouncycastle.pqc.crypto.mldsa.MLDSAKeyPairGenerator": "ML-DSA",
	"org.bouncycastle.pqc.crypto.mldsa.MLDSASigner": "ML-DSA", "org.bouncycastle.pqc.crypto.slhdsa.SLHDSASigner": "SLH-DSA",
	"org.bouncycastle.pqc.crypto.slhdsa.SLHDSAKeyPairGenerator": "SLH-DSA",
}

// inventoryCreation records the construction of a post-quantum class.
func (f *javaFile) inventoryCreation(n *ts.Node, args []ts.Node) {
	for _, q := range f.qualifyType(n.ChildByFieldId(f.g.fType)) {
		alg, ok := javaPQClasses[q]
		if !ok {
			continue
		}
		simple := q[strings.LastIndexByte(q, '.')+1:]
		if alg != "" {
			f.inv.alg(alg, "new "+simple, f.pos(n))
			return
		}
		if name, at, ok := f.strArg(args, 0); ok {
			f.inv.name(name, "new "+simple+"(\""+name+"\")", f.pos(at))
		}
		return
	}
}
