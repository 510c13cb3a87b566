package edubalance.metrics;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a package (its {@code package-info.java}) whose top-level {@link GoldModel} classes are gold
 * models: {@link GoldModels} finds the packages by this mark, so no package names another by string.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PACKAGE)
public @interface ModelPackage {}
