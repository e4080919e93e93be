package ionas.nas.arch2vec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** arch2vec's training settings by name: the paper's values, and each change touching only its own field. */
class Arch2VecTrainerConfigTest {
    @Test
    void thePaperSettingsAreArch2vecs() {
        Arch2VecTrainer.Config paper = Arch2VecTrainer.Config.paper();
        assertEquals(8, paper.epochs());
        assertEquals(32, paper.batchSize());
        assertEquals(1e-3, paper.lr());
        assertEquals(5, paper.clipNorm());
        assertEquals(1, paper.seed());
        assertEquals(0, paper.limit());
        assertEquals(10_000, paper.samples());
        assertEquals(paper, paper.toBuilder().build());
    }

    @Test
    void aChangeByNameKeepsTheOtherSettings() {
        Arch2VecTrainer.Config paper = Arch2VecTrainer.Config.paper();
        assertEquals(new Arch2VecTrainer.Config(2, 32, 1e-3, 5, 7, 96, 200), paper.withEpochs(2).withSeed(7).withLimit(96).withSamples(200));
        assertEquals(new Arch2VecTrainer.Config(8, 64, 5e-4, 1, 1, 0, 10_000), paper.toBuilder().batchSize(64).lr(5e-4).clipNorm(1).build());
    }
}
