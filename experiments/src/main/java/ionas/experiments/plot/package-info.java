/**
 * Charts and tables that the experiment commands write next to their results: PNG line charts with
 * optional shaded bands, log-x line charts, grouped box plots and empirical CDFs
 * ({@link ionas.experiments.plot.Plots}, drawn with XChart), and CSV files
 * ({@link ionas.experiments.plot.Csv}). Every file is written atomically, so a reader (or a resumed
 * run) never sees half a chart or half a table.
 */
package ionas.experiments.plot;
