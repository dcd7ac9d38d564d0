package dev.iamkeyremediator.it;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** The test class attaches AWS managed policies: its {@link MotoAccount} is {@link Moto#withManagedPolicies()}. */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface AwsManagedPolicies {
}
