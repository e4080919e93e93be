/**
 * The report of a pipeline run ({@link ionas.experiments.report.ReportWriter}): Markdown and a
 * self-contained HTML page that set every number of the run beside the paper's and arch2vec's
 * published numbers, with the settings and data used, and mark the steps not run.
 */
package ionas.experiments.report;
