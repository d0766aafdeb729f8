/* A presented notebook, in the browser: fit each slide's content to the slide (continuation slides below it,
 * a scroll box for one block taller than a slide), start reveal.js, and draw each Plotly chart once its slide is
 * shown (a slide reveal.js does not display has no size to draw into). Inlined by src/present/deck-document.ts. */
(function () {
  'use strict';
  var config = JSON.parse(document.getElementById('deck-config').textContent);
  // Content fits above the slide number and left of the controls (see CONTENT in deck-document.ts).
  var fitHeight = config.fitHeight || config.height;

  function leafSlides() {
    return Array.prototype.slice.call(document.querySelectorAll('.reveal .slides > section > section'));
  }

  function blockCount(slide) {
    return slide.querySelectorAll(':scope > .block').length;
  }

  /** A slide after `slide` in its stack, headed "<heading> (continued)". */
  function continuation(slide) {
    var next = document.createElement('section');
    next.className = 'slide continuation';
    next.dataset.title = slide.dataset.title || '';
    next.style.display = 'block';
    next.style.visibility = 'hidden';
    if (slide.dataset.title) {
      var label = document.createElement('p');
      label.className = 'continued';
      label.textContent = slide.dataset.title + ' (continued)';
      next.appendChild(label);
    }
    slide.parentElement.insertBefore(next, slide.nextSibling);
    return next;
  }

  /** One block taller than a whole slide: it scrolls inside the slide, and says so. */
  function makeScrollable(block, slide) {
    block.classList.add('scroll-box');
    var room = fitHeight - (slide.offsetHeight - block.offsetHeight);
    block.style.maxHeight = Math.max(120, room - 4) + 'px';
    // Margins and the hint line: shrink until the slide fits.
    while (slide.offsetHeight > fitHeight && parseFloat(block.style.maxHeight) > 120) {
      block.style.maxHeight = parseFloat(block.style.maxHeight) - (slide.offsetHeight - fitHeight) - 2 + 'px';
    }
  }

  /** Text that introduces what follows it ("Each request as the kit sends it:"): it never ends a slide alone. */
  function leadsIn(block) {
    return !!block && block.classList.contains('block-markdown') && /:\s*$/.test(block.textContent);
  }

  /** Spreads a slide's blocks over as many slides as they need, in order, each no taller than fitHeight. */
  function paginate(slide) {
    var children = Array.prototype.slice.call(slide.children);
    var blocks = children.filter(function (c) { return c.classList.contains('block'); });
    blocks.forEach(function (b) { slide.removeChild(b); });
    var page = slide;
    blocks.forEach(function (block) {
      page.appendChild(block);
      // A block after its lead-in, which is alone on the slide, stays there (and scrolls if it must).
      var alone = blockCount(page) === 2 && leadsIn(block.previousElementSibling);
      if (page.offsetHeight > fitHeight && blockCount(page) > 1 && !alone) {
        page.removeChild(block);
        // A cell's code goes with its output onto the next slide, unless it would leave this one empty.
        var moving = [block];
        var last = page.lastElementChild;
        if (last && last.classList.contains('block-code') && blockCount(page) > 1) moving.unshift(page.removeChild(last));
        // So does the text that introduces it.
        last = page.lastElementChild;
        if (leadsIn(last) && blockCount(page) > 1) moving.unshift(page.removeChild(last));
        page = continuation(page);
        moving.forEach(function (b) { page.appendChild(b); });
        if (page.offsetHeight > fitHeight && moving.length > 1) {
          // Code and output together are taller than a slide: the output goes on alone.
          page.removeChild(block);
          page = continuation(page);
          page.appendChild(block);
        }
      }
      if (page.offsetHeight > fitHeight) makeScrollable(block, page);
    });
  }

  function fitSlides() {
    var slidesElement = document.querySelector('.reveal .slides');
    slidesElement.style.width = config.width + 'px';
    leafSlides().forEach(function (slide) {
      // Measured before reveal.js lays the deck out: shown, invisible, at the slide's width.
      var stack = slide.parentElement;
      stack.style.display = slide.style.display = 'block';
      stack.style.visibility = slide.style.visibility = 'hidden';
      if (slide.offsetHeight > fitHeight) paginate(slide);
    });
    leafSlides().concat(Array.prototype.slice.call(document.querySelectorAll('.reveal .slides > section'))).forEach(function (s) {
      s.style.display = s.style.visibility = '';
    });
    slidesElement.style.width = '';
  }

  /** Words of a label in lines of at most `width` characters (a longer word stays whole), joined by <br>. */
  function wrapLabel(label, width) {
    var lines = [];
    String(label).split(/\s+/).forEach(function (word) {
      var last = lines.length - 1;
      if (last >= 0 && (lines[last] + ' ' + word).length <= width) lines[last] += ' ' + word;
      else lines.push(word);
    });
    return lines.join('<br>');
  }

  /**
   * The figure's layout at the deck's size and type, for a projector: every axis sizes its margin to its tick labels
   * and title (automargin: nothing clipped, the title clear of the labels), and long category labels on an x axis
   * wrap onto lines that fit their category's width instead of being rotated into the margin.
   */
  function deckLayout(figure, width, height) {
    var fontSize = 15;
    var layout = Object.assign({}, figure.layout, {
      width: width,
      height: height,
      autosize: false,
      font: Object.assign({}, figure.layout.font, { size: fontSize }),
    });
    var axes = Object.keys(layout).filter(function (k) { return /^[xy]axis\d*$/.test(k); });
    ['xaxis', 'yaxis'].forEach(function (k) { if (axes.indexOf(k) < 0) axes.push(k); });
    axes.forEach(function (key) {
      var axis = (layout[key] = Object.assign({}, layout[key], { automargin: true }));
      // A log axis labels every digit between powers of ten, packed too tight at a projector's type size: 2 and 5 only.
      if (axis.type === 'log' && axis.dtick == null && !axis.tickvals) axis.dtick = 'D2';
      if (key.charAt(0) !== 'x' || axis.tickvals || axis.ticktext) return;
      // The categories this axis shows (traces on it, in order), when they are text.
      var id = 'x' + key.slice(5);
      var categories = [];
      figure.data.forEach(function (trace) {
        if ((trace.xaxis || 'x') !== id || !Array.isArray(trace.x) || trace.orientation === 'h') return;
        trace.x.forEach(function (v) { if (typeof v === 'string' && categories.indexOf(v) < 0) categories.push(v); });
      });
      if (categories.length === 0 || (axis.type && axis.type !== 'category')) return;
      var margin = layout.margin || {};
      var plotWidth = width - (margin.l == null ? 80 : margin.l) - (margin.r == null ? 80 : margin.r);
      var chars = Math.floor((0.85 * plotWidth) / categories.length / (0.6 * fontSize));
      if (!categories.some(function (c) { return c.length > chars; })) return;
      // Wrapping helps only when every word fits its category's width; else Plotly turns the labels (and automargin makes room).
      var words = categories.join(' ').split(/\s+/);
      if (chars < 6 || words.some(function (word) { return word.length > chars; })) return;
      axis.tickmode = 'array';
      axis.tickvals = categories;
      axis.ticktext = categories.map(function (c) { return wrapLabel(c, chars); });
      axis.tickangle = 0;
    });
    return layout;
  }

  function drawChart(div) {
    if (div.dataset.state) return;
    div.dataset.state = 'drawing';
    var figure = JSON.parse(div.parentElement.querySelector('script.figure').textContent);
    var layout = deckLayout(figure, parseInt(div.style.width, 10), parseInt(div.style.height, 10));
    // No mode bar: on a slide it would cover the title on hover, and zoom or download are not for an audience.
    Plotly.newPlot(div, figure.data, layout, { displaylogo: false, displayModeBar: false, responsive: false }).then(
      function () { div.dataset.state = 'drawn'; },
      function (err) { div.dataset.state = 'failed'; console.error('chart not drawn: ' + err); },
    );
  }

  /** Charts on every slide reveal.js displays now (the current one and its neighbours, or all in print and scroll views). */
  function drawDisplayedCharts() {
    var all = Reveal.isPrintView() || Reveal.isScrollView();
    Array.prototype.forEach.call(document.querySelectorAll('.reveal .chart'), function (div) {
      var slide = div.closest('section.slide');
      var displayed = all || (slide.style.display !== 'none' && slide.parentElement.style.display !== 'none');
      if (!displayed) return;
      if (!div.dataset.state) drawChart(div);
      // Drawn while its slide was hidden or at another size: lay it out again now that it shows.
      else if (div.dataset.state === 'drawn' && slide === Reveal.getCurrentSlide()) Plotly.Plots.resize(div);
    });
  }

  document.fonts.ready.then(function () {
    fitSlides();
    Reveal.initialize({
      width: config.width,
      height: config.height,
      margin: 0.04,
      center: false,
      hash: true,
      slideNumber: 'c/t',
      transition: 'slide',
      // Speaker notes (S): the prose and the whole of what a slide shortens.
      plugins: [RevealNotes].concat(typeof RevealHighlight === 'undefined' ? [] : [RevealHighlight]),
    }).then(function () {
      Reveal.on('slidechanged', drawDisplayedCharts);
      Reveal.on('resize', drawDisplayedCharts);
      drawDisplayedCharts();
      document.body.dataset.deck = 'ready';
    });
  });
})();
