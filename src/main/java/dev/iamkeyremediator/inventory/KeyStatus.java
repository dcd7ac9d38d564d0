package dev.iamkeyremediator.inventory;

public enum KeyStatus {
    ACTIVE,
    INACTIVE
}
