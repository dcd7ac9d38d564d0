package dev.iamkeyremediator.trust;

/**
 * Makes and checks the seals of the tool's own tags (docs/trust.md): an HMAC under a key only the tool's role
 * may use, so that a tag written by anyone else does not count.
 */
public interface MarkerSeal {

    /**
     * @return the seal of {@code message}, base64url without padding
     * @throws SealException when it cannot be made (KMS refused or unreachable after retries)
     */
    String seal(String message);

    /**
     * @return whether {@code mac} is the seal of {@code message}
     * @throws SealException when it cannot be checked (KMS refused or unreachable after retries)
     */
    boolean verify(String message, String mac);
}
