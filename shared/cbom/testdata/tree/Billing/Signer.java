import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import javax.crypto.Cipher;

class Signer {
  byte[] sign(byte[] data) throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("ML-DSA");
    Signature s = Signature.getInstance("SHA256withRSA");
    MessageDigest d = MessageDigest.getInstance("SHA-384");
    Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
    return d.digest(data);
  }
}
