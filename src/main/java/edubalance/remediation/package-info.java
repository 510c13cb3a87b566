/**
 * The remediation plan (达标路径, docs/METHODS.md §10): the least-cost additions that make a county's
 * level meet basic or quality balance, solved per county in the executors, and its gold tables.
 */
@ModelPackage
package edubalance.remediation;

import edubalance.metrics.ModelPackage;
