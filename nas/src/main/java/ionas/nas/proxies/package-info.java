/**
 * Zero-cost proxies: scores of an untrained network, from one minibatch at initialisation, that
 * rank architectures without training them. Each proxy is one {@link ionas.nas.proxies.ZeroCostProxy}
 * and follows the definitions of Abdelfattah et al. 2021, "Zero-Cost Proxies for Lightweight NAS"
 * (their code: SamsungLabs/zero-cost-nas, {@code foresight/pruners/measures}), or Mellor et al. 2021
 * for {@code nwot}; {@link ionas.nas.proxies.Proxies} lists them in the order of {@code proxies.csv},
 * {@link ionas.nas.proxies.ProxyRun} scores the cells of a benchmark and
 * {@link ionas.nas.proxies.ProxyCorrelations} ranks the scores against accuracy.
 */
package ionas.nas.proxies;
