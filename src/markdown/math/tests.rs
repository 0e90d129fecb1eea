use super::{to_unicode, to_unicode_inline};

#[test]
fn symbols_scripts_and_letters() {
    assert_eq!(to_unicode(r"\alpha + \beta \to \infty"), "α + β → ∞");
    assert_eq!(to_unicode(r"x^2 + y_{ij} + z^{n+1}"), "x² + yᵢⱼ + zⁿ⁺¹");
    assert_eq!(to_unicode(r"\mathbf{x}_T"), "𝐱_T");
    assert_eq!(to_unicode(r"\mathbb{R}^n \subseteq \mathcal{L}"), "ℝⁿ ⊆ ℒ");
    assert_eq!(to_unicode(r"x_{\text{max}}"), "xₘₐₓ");
    assert_eq!(to_unicode(r"V_* and Q_*"), "V_* and Q_*");
}

#[test]
fn structure() {
    assert_eq!(to_unicode(r"\frac{a}{b} + \frac{x+1}{2}"), "a/b + (x+1)/2");
    assert_eq!(to_unicode(r"\sqrt{x} \sqrt[3]{y} \sqrt{a+b}"), "√x ∛y √(a+b)");
    assert_eq!(to_unicode(r"\left( x \right]"), "( x ]");
    assert_eq!(to_unicode(r"\text{if } x \leq 0"), "if x ≤ 0");
    assert_eq!(
        to_unicode(r"f(x) = \begin{cases} 0 & x < 0 \\ 1 & x \geq 0 \end{cases}"),
        "f(x) = ⎧ 0  x < 0\n       ⎩ 1  x ≥ 0"
    );
    assert_eq!(to_unicode(r"\begin{aligned} a &= b \\ c &= d \end{aligned}"), "a = b\nc = d");
}

#[test]
fn what_cannot_be_converted_is_kept() {
    assert_eq!(to_unicode(r"\unknowncommand{x}"), r"\unknowncommand{x}");
    assert_eq!(to_unicode(r"\lessdotfoo"), r"\lessdotfoo");
    let deep = format!("{}x{}", "{".repeat(500), "}".repeat(500));
    assert!(to_unicode(&deep).contains('x'));
}

#[test]
fn operator_names_are_upright_words() {
    assert_eq!(
        to_unicode(r"D_{KL}(p \| q) = \int_x p(x) \log \frac{p(x)}{q(x)} dx"),
        "D_(KL)(p ‖ q) = ∫ₓ p(x) log (p(x))/(q(x)) dx"
    );
    assert_eq!(
        to_unicode(r"\arg\min_x f(x) + \exp(-x) \det A \sin\theta"),
        "arg minₓ f(x) + exp(-x) det A sin θ"
    );
    assert_eq!(to_unicode(r"\max_{\theta} \log p"), "max_θ log p");
    assert_eq!(to_unicode(r"\operatorname{softmax}(z)_i"), "softmax(z)ᵢ");
    assert_eq!(to_unicode(r"\operatorname*{arg\,max}_x"), "arg maxₓ");
    assert_eq!(to_unicode(r"a \bmod b \pmod{p}"), "a mod b (mod p)");
    assert_eq!(to_unicode(r"\exp\left(-x\right) \log\Big(y\Big)"), "exp(-x) log(y)");
    assert_eq!(to_unicode(r"\lim_{n \to \infty} \Pr[X] \gcd(a, b)"), "lim_(n → ∞) Pr[X] gcd(a, b)");
}

#[test]
fn text_colour_and_switches() {
    assert_eq!(to_unicode(r"\scriptstyle{\text{if } x}"), "if x");
    assert_eq!(to_unicode(r"\color{red}{y} + \textcolor{blue}{z} + \color{green} w"), "y + z + w");
    assert_eq!(to_unicode(r"\textbf{bold}\, \texttt{mono} \mbox{box}"), "bold mono box");
    assert_eq!(to_unicode(r"\displaystyle \Big( x \Big) \large y \middle| z"), "( x ) y | z");
    assert_eq!(
        to_unicode(r"\mathrm{d}x \quad \text{for all } x \in \mathbb{R}"),
        "dx for all x ∈ ℝ"
    );
}

#[test]
fn norms_bars_primes_and_degrees() {
    assert_eq!(
        to_unicode(r"\lVert x \rVert_2 + \lvert y \rvert + \Vert z \Vert"),
        "‖ x ‖₂ + | y | + ‖ z ‖"
    );
    assert_eq!(to_unicode(r"90^\circ, f'(x), f''(x), g^{\prime}"), "90°, f′(x), f′′(x), g′");
}

#[test]
fn bold_letters_greek_too() {
    assert_eq!(
        to_unicode(r"\boldsymbol{\mu} + \bm{x} + \mathbf{W}\boldsymbol{\Sigma}"),
        "𝝁 + 𝒙 + 𝐖𝜮"
    );
    assert_eq!(to_unicode(r"\mathbf{0} \mathbf{\omega}"), "𝟎 𝛚");
}

#[test]
fn accents_roots_and_fractions_keep_their_grouping() {
    assert_eq!(
        to_unicode(r"\hat{xy} \bar{AB} \vec{v}"),
        "x\u{302}y\u{302} A\u{305}B\u{305} v\u{20d7}"
    );
    assert_eq!(
        to_unicode(r"\sqrt{(1-a) + b} \sqrt{(1-a)(1+b)} \frac{(a+b)}{(c)(d)}"),
        "√((1-a) + b) √((1-a)(1+b)) (a+b)/((c)(d))"
    );
}

#[test]
fn braces_stacks_and_arrows_with_labels() {
    assert_eq!(
        to_unicode(r"\underbrace{a + b}_{n} \overbrace{x y}^{\text{two}}"),
        "a + b⏟ₙ x y⏞ᵗʷᵒ"
    );
    assert_eq!(
        to_unicode(r"\overset{\text{def}}{=} \stackrel{?}{=} \underset{x}{\arg\min}"),
        "=ᵈᵉᶠ =^? arg minₓ"
    );
    assert_eq!(to_unicode(r"A \xrightarrow{f} B \xleftarrow[g]{h} C"), "A ─f→ B ←h/g─ C");
    assert_eq!(to_unicode(r"\sum_{\substack{i < n \\ j < m}} a_{ij}"), "∑_(i < n, j < m) aᵢⱼ");
}

#[test]
fn matrices_are_grids_with_tall_brackets() {
    let tex = r"A = \begin{bmatrix} 1 & 2 & 3 \\ 4 & & 6 \\[6pt] 7 & 8 & 9 \end{bmatrix}";
    assert_eq!(to_unicode(tex), "    ⎡ 1  2  3 ⎤\nA = ⎢ 4     6 ⎥\n    ⎣ 7  8  9 ⎦");
    assert_eq!(to_unicode_inline(tex), "A = [1 2 3; 4 6; 7 8 9]");
    assert_eq!(
        to_unicode(
            r"\begin{pmatrix} a & b \\ c & d \end{pmatrix} \begin{vmatrix} a \\ b \end{vmatrix}"
        ),
        "⎛ a  b ⎞ │ a │\n⎝ c  d ⎠ │ b │"
    );
    assert_eq!(to_unicode(r"\begin{Bmatrix} x \\ y \\ z \end{Bmatrix}"), "⎧ x ⎫\n⎨ y ⎬\n⎩ z ⎭");
    assert_eq!(to_unicode(r"\begin{Vmatrix} 1 \end{Vmatrix}"), "‖ 1 ‖");
    assert_eq!(to_unicode(r"\binom{n}{k}"), "⎛ n ⎞\n⎝ k ⎠");
    assert_eq!(to_unicode_inline(r"\binom{n}{k}"), "C(n, k)");
    assert_eq!(
        to_unicode(r"\begin{array}{lcr} left & center & right \\ a & b & c \end{array}"),
        "left  center  right\na       b         c"
    );
}

#[test]
fn aligned_rows_line_up_at_the_ampersand() {
    assert_eq!(
        to_unicode(r"\begin{align*} f(x) &= x^2 + 2x + 1 \\ &= (x+1)^2 \end{align*}"),
        "f(x) = x² + 2x + 1\n     = (x+1)²"
    );
    assert_eq!(
        to_unicode(r"\begin{eqnarray} a &=& b \\ cc &<& d \end{eqnarray}"),
        " a = b\ncc < d"
    );
    assert_eq!(
        to_unicode_inline(r"\begin{aligned} a &= b \\ c &= d \end{aligned}"),
        "a = b; c = d"
    );
}

#[test]
fn hostile_formulas_end() {
    // Chains of commands and arguments nest no deeper than the limit.
    for tex in [r"\sqrt".repeat(50_000), r"\frac{".repeat(50_000), r"\begin{matrix}".repeat(20_000)]
    {
        let shown = to_unicode(&tex);
        assert!(shown.len() <= tex.len() * 4, "{}", &shown[..80]);
    }
    // A long unknown name is kept, not looked up.
    let long = format!("\\{}", "a".repeat(100_000));
    assert_eq!(to_unicode(&long), long);
}
