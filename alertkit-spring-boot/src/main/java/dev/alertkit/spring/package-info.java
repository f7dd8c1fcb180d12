/**
 * alertkit for Spring Boot: {@code alertkit.*} properties (with YAML routing rules), an {@code AlertClient} bean,
 * verified webhook endpoints mounted in Spring MVC, an {@code alertkit} health indicator, and
 * {@link dev.alertkit.spring.AlertkitEmulators} for tests. Every bean backs off when the application defines its
 * own.
 */
package dev.alertkit.spring;
