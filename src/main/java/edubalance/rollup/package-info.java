/** The monthly gold models (jobs/rollup): the province's month. */
@ModelPackage
package edubalance.rollup;

import edubalance.metrics.ModelPackage;
