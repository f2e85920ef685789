@testable import ClickstreamAnalysis
import Foundation
import Testing

/// Exact binomial tails and the normal z of a tail given as a logarithm: the pooled-lr run
/// rule's evidence. Small cases by hand, the rest against an independent implementation
/// (SciPy 1.16's `betainc`, the regularized incomplete beta function).
struct BinomialTailTests {
    /// n = 100, p = 0.01: P(X ≤ 0) = 0.99¹⁰⁰, ln = 100 ln 0.99 = −1.005034; P(X ≤ 1) =
    /// 0.99¹⁰⁰ + 100 · 0.01 · 0.99⁹⁹ = 0.735759, ln −0.306849; P(X ≥ 1) = 1 − 0.99¹⁰⁰, ln
    /// −0.455757; P(X ≥ 100) = 0.01¹⁰⁰, ln 100 ln 0.01 = −460.517019.
    @Test func smallCasesByHand() {
        #expect(abs(BinomialTail.logLower(0, n: 100, p: 0.01) - -1.005034) < 1e-6)
        #expect(abs(BinomialTail.logLower(1, n: 100, p: 0.01) - -0.306849) < 1e-6)
        #expect(abs(BinomialTail.logUpper(1, n: 100, p: 0.01) - -0.455757) < 1e-6)
        #expect(abs(BinomialTail.logUpper(100, n: 100, p: 0.01) - -460.517019) < 1e-5)
        #expect(BinomialTail.logLower(-0.5, n: 100, p: 0.01) == -.infinity && BinomialTail.logLower(100, n: 100, p: 0.01) == 0)
        #expect(BinomialTail.logUpper(100.5, n: 100, p: 0.01) == -.infinity && BinomialTail.logUpper(0, n: 100, p: 0.01) == 0)
    }

    /// Against SciPy: ln P(X ≤ 12) of 3,000 at 281 / 28,002 = −8.815210999; fractional counts
    /// ln P(X ≤ 3.5) of 500.5 at 0.02 = −4.074713487; ln P(X ≥ 60) of 3,000 at 0.01 =
    /// −14.044675843; a large count, ln P(X ≥ 3,300) of 300,000 at 0.01 = −17.282111595.
    @Test func agreesWithAnIndependentImplementation() {
        #expect(abs(BinomialTail.logLower(12, n: 3000, p: 281.0 / 28002) - -8.815210999) < 1e-8)
        #expect(abs(BinomialTail.logLower(3.5, n: 500.5, p: 0.02) - -4.074713487) < 1e-8)
        #expect(abs(BinomialTail.logUpper(60, n: 3000, p: 0.01) - -14.044675843) < 1e-8)
        #expect(abs(BinomialTail.logUpper(3300, n: 300_000, p: 0.01) - -17.282111595) < 1e-7)
    }

    /// The z of a tail: ln 0.025 → 1.959964, ln 10⁻¹⁰ → 6.361341, ln 0.7 → −0.524401 (the
    /// other side); far beyond what a double holds as a probability, the z whose log tail
    /// it is (ln P(Z > 40) = −804.608442 by SciPy).
    @Test func theNormalZOfALogTail() {
        #expect(abs(Statistics.normalUpperQuantile(logTail: log(0.025)) - 1.959964) < 1e-6)
        #expect(abs(Statistics.normalUpperQuantile(logTail: log(1e-10)) - 6.361341) < 1e-6)
        #expect(abs(Statistics.normalUpperQuantile(logTail: log(0.7)) - -0.524401) < 1e-6)
        #expect(abs(Statistics.logNormalUpperTail(40) - -804.608442) < 1e-5)
        #expect(abs(Statistics.normalUpperQuantile(logTail: -804.608442) - 40) < 1e-6)
        // The two ways of computing the tail meet at 30.
        #expect(abs(Statistics.logNormalUpperTail(29.999_999) - Statistics.logNormalUpperTail(30)) < 1e-4)
        #expect(Statistics.normalUpperQuantile(logTail: -.infinity) == .infinity)
    }

    /// Three days that expect 7.4 sales (740 views at 1 %) and see none: P = 0.99⁷⁴⁰ =
    /// 5.889 × 10⁻⁴ (z 3.2442), where the signed root of the deviance, √(2 · 740 · −ln 0.99)
    /// = 3.8567, claims 5.7 × 10⁻⁵; mid-p counts half the point's own probability, 2.944 ×
    /// 10⁻⁴ (z 3.4367). Above the expectation the upper tail is taken: 15 sales, P(X ≥ 15)
    /// = 0.008838 and P(X ≥ 16) = 0.003879, mid-p 0.006359 (z +2.4916, SciPy).
    @Test func aSmallCountIsJudgedByItsExactTail() {
        #expect(abs(Statistics.normalUpperQuantile(logTail: 740 * log(0.99)) - 3.2442) < 1e-4)
        #expect(abs(Detector.exactEvidence(0, of: 740, rate: 0.01, scale: 1) - -3.4367) < 1e-4)
        #expect(abs(Detector.exactEvidence(15, of: 740, rate: 0.01, scale: 1) - 2.4916) < 1e-4)
    }
}
