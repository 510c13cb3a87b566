/** The yearly gold models (jobs/metrics) and what they share: indicators, dispersion, the build. */
@ModelPackage
package edubalance.metrics;
