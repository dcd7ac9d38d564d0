package dev.iamkeyremediator.aws;

import dev.iamkeyremediator.trust.MarkerSeal;
import dev.iamkeyremediator.trust.SealException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KmsInvalidMacException;
import software.amazon.awssdk.services.kms.model.MacAlgorithmSpec;

/**
 * Seals with a KMS HMAC_256 key ({@code MARKER_KEY_ARN}): {@code GenerateMac} to write a tag, {@code VerifyMac} to
 * read one. The key never leaves KMS, and only the tool's role may use it, so nobody else can make a seal.
 */
public final class KmsMarkerSeal implements MarkerSeal {

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final KmsClient kms;
    private final String keyArn;

    public KmsMarkerSeal(KmsClient kms, String keyArn) {
        this.kms = kms;
        this.keyArn = keyArn;
    }

    @Override
    public String seal(String message) {
        try {
            byte[] mac = kms.generateMac(r -> r.keyId(keyArn).macAlgorithm(MacAlgorithmSpec.HMAC_SHA_256)
                    .message(bytes(message))).mac().asByteArray();
            return ENCODER.encodeToString(mac);
        } catch (SdkException e) {
            throw new SealException("GenerateMac", AwsErrors.describe(e), e);
        }
    }

    @Override
    public boolean verify(String message, String mac) {
        byte[] decoded;
        try {
            decoded = DECODER.decode(mac);
        } catch (IllegalArgumentException e) {
            return false; // not even base64url: no seal of ours
        }
        if (decoded.length != 32) {
            return false;
        }
        try {
            return kms.verifyMac(r -> r.keyId(keyArn).macAlgorithm(MacAlgorithmSpec.HMAC_SHA_256)
                    .message(bytes(message)).mac(SdkBytes.fromByteArray(decoded))).macValid();
        } catch (KmsInvalidMacException e) {
            return false;
        } catch (SdkException e) {
            throw new SealException("VerifyMac", AwsErrors.describe(e), e);
        }
    }

    private static SdkBytes bytes(String message) {
        return SdkBytes.fromString(message, StandardCharsets.UTF_8);
    }
}
