/**
 * NAS-Bench-101 benchmark records: readers for the official TFRecord file
 * ({@link ionas.nas.nb101.data.TFRecordReader}, {@link ionas.nas.nb101.data.OfficialRecord},
 * {@link ionas.nas.nb101.data.ModelMetrics}) and for the parallel-array JSON files
 * ({@link ionas.nas.nb101.data.JsonRecords}), both loaded into a {@link ionas.nas.nb101.data.NasBench}
 * that answers look-ups by hash ({@link ionas.nas.nb101.data.NasBench#result}) and, through a
 * {@link ionas.nas.nb101.data.QuerySession}, queries charged to a simulated-time
 * {@link ionas.nas.nb101.data.BudgetCounter} (one random repeat as the official API, or the mean of
 * the repeats as arch2vec).
 *
 * <p>What each source holds: the official {@code nasbench_only108.tfrecord} has three training runs
 * per cell with train, validation and test accuracy and training time (halfway and final), the
 * parameter count and the graph. The JSON files ({@code nb101-20k.json}, {@code nb101-1k.json}) have
 * one run per cell: validation accuracy at 4/12/36/108 epochs, the 108-epoch training time and the
 * parameter count; only {@code nb101-1k.json} has graphs; <b>neither has test accuracy</b>.
 *
 * <p>Cells are found by NAS-Bench-101's graph hash ({@link ionas.nas.nb101.GraphHash}); a hash
 * whose graph the file lacks is looked up in the enumerated space ({@link ionas.nas.nb101.SearchSpace}).
 */
package ionas.nas.nb101.data;
