/**
 * The report of a pipeline run ({@link ionas.experiments.report.ReportWriter}): Markdown and a
 * self-contained HTML page that lead with the results at a glance (each headline number beside the
 * paper's or arch2vec's published number or this run's baseline, with a verdict and why), then set
 * every number of every step beside the published ones, and end with the settings and commands;
 * {@code summary.json} holds the headline numbers for scripts.
 *
 * <h2>summary.json</h2>
 *
 * <p>Written by {@link ionas.experiments.report.SummaryJson} from the same
 * {@link ionas.experiments.report.Summary} as the report's table, so the two agree. Keys are
 * stable: {@code version} goes up when one changes meaning or goes away, not when one is added.
 * Numbers not recorded are {@code null}, never NaN.
 *
 * <pre>{@code
 * {
 *   "format": "ionas-report-summary", "version": 1,
 *   "ionas": "0.1.0",                        the version that wrote the report
 *   "generated": "2025-01-01T12:00:00Z",
 *   "run": "/abs/runs/tiny",                  the run folder
 *   "data": "/abs/data",                      the data folder (null when not known)
 *   "benchmark": "/abs/data/nasbench101/nb101-20k.json",   records of search and prediction (or null)
 *   "preset": {"name": "tiny", "settings": {"trainNetworks": "4", ...}},   the preset's fields as text
 *   "steps": {"pretrain": "completed", ..., "predict": "not run"},
 *   "headlines": {
 *     "<id>": {
 *       "title": "...",                       what the number is, with its interval's kind
 *       "measure": "accuracy | l1_loss | regret | rmse | pearson_r",
 *       "better": "higher | lower",
 *       "ours": {"value": 0.45, "low": 0.44, "high": 0.46, "interval": "ci95"},
 *       "published": {"source": "...", "value": ..., "low": ..., "high": ..., "interval": ..., "disjoint": false} or null,
 *       "baseline":  {"source": "...", "value": ..., "low": ..., "high": ..., "interval": ..., "disjoint": true} or null,
 *       "verdict": "matches | better | worse | inconclusive | not comparable",
 *       "basis": "published | baseline | none",   what the verdict compared ours with
 *       "why": "...",
 *       "extras": {"found_best_share": 0.008, ...},
 *       "shown": "terminal | glance | detail"     where else it appears: reproduce's last lines, the report's table, nowhere
 *     }
 *   }
 * }
 * }</pre>
 *
 * <p>{@code interval} is {@code none}, {@code min_max}, {@code ci95} (for the IO model a
 * bootstrapped 95% interval, for search mean ± 1.96 standard errors), {@code quartiles} (over
 * seeds) or {@code std} (a published mean ± standard deviation). A {@code published} entry without
 * a number is a finding shown only as a figure (the paper's loss curves). {@code disjoint} says
 * whether ours and that reference's intervals have no point in common. {@code baseline} is measured
 * in this run and is what the published work found to be beaten: the mean-vector baseline, random
 * search on the same budget, arch2vec's prediction.
 *
 * <p>The headline ids:
 * <ul>
 * <li>{@code pretrain.test_accuracy}: the pretrained networks' CIFAR-10 test accuracy, mean
 *     [min, max]; {@code extras.networks};
 * <li>{@code arch2vec.reconstruction}, {@code arch2vec.validity}, {@code arch2vec.uniqueness}:
 *     against arch2vec's Table 1;
 * <li>{@code io_model.SET.labeled_l1} for SET in {@code train, valid_unseen_networks,
 *     valid_unseen_images, test_unseen_images, test_unseen_both}: the IO model's labeled L1 loss
 *     and the mean-vector baseline, both with 95% intervals;
 * <li>{@code search.LABEL.ALGORITHM.final_validation_regret} (and {@code final_test_regret} where
 *     the records have test accuracies) for the searches that use the embedding (REINFORCE, DNGO);
 *     {@code search.ALGORITHM.final_...} for random search and evolution, which do not. Extras:
 *     {@code runs}, {@code found_best_share} (the share of runs whose final cell is the best),
 *     {@code final_percentile_median} and {@code final_percentile_mean} (the final cell's
 *     percentile rank among the records' validation accuracies, 100 = best);
 * <li>{@code predict.LABEL.REGRESSOR.TARGET.nSIZE.pearson_r} and {@code ...rmse}: median
 *     [quartiles] over seeds, e.g. {@code predict.io-model-30ep.rf.test.n1000.pearson_r}.
 * </ul>
 *
 * <p>A NAS-Bench-201 report ({@link ReportWriter#writeNb201}) has its own keys, each starting with
 * {@code nb201.}: {@code nb201.pretrain.test_accuracy} (mean [bootstrapped 95% CI] over the
 * networks; extras {@code benchmark_validation_accuracy}, the records' cifar10-valid accuracy of the
 * same cells, and {@code spearman_rho_vs_benchmark}), {@code nb201.arch2vec.reconstruction},
 * {@code .validity}, {@code .uniqueness}, {@code nb201.io_model.epochE.SET.labeled_l1} for each epoch
 * E the space was embedded after, {@code nb201.search.LABEL.ALGORITHM.final_validation_regret} and
 * {@code nb201.predict.LABEL.nSIZE.pearson_r}. No published number is set beside them.
 *
 * <p>For example, with jq:
 * <pre>{@code
 * jq '.headlines["pretrain.test_accuracy"].ours.value' summary.json
 * jq '.headlines["io_model.test_unseen_images.labeled_l1"] | [.ours.value, .ours.low, .ours.high, .baseline.value, .baseline.disjoint]' summary.json
 * jq '.headlines["search.io-model-30ep.reinforce.final_validation_regret"].ours.value' summary.json
 * jq '.headlines["search.random.final_validation_regret"].ours.value' summary.json
 * jq '.headlines["predict.io-model-30ep.rf.test.n1000.pearson_r"].ours.value' summary.json
 * jq '.headlines | to_entries[] | select(.value.verdict == "worse") | .key' summary.json
 * }</pre>
 */
package ionas.experiments.report;
