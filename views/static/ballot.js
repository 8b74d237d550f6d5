// Optional help on the ballot form: the running total of a participatory
// budget and the characters left in a free-text answer. The form works fully
// without this file; the server checks every limit.
(function () {
  "use strict";
  var lang = document.documentElement.lang || "nb";
  var numbers;
  try {
    numbers = new Intl.NumberFormat(lang);
  } catch (e) {
    numbers = { format: String };
  }

  Array.prototype.forEach.call(document.querySelectorAll("fieldset[data-budget]"), function (group) {
    var budget = Number(group.getAttribute("data-budget"));
    var total = group.querySelector(".budget-total");
    var boxes = group.querySelectorAll("input[type=checkbox][data-cost]");
    if (!total || !budget) {
      return;
    }
    function update() {
      var spent = 0;
      Array.prototype.forEach.call(boxes, function (box) {
        if (box.checked) {
          spent += Number(box.getAttribute("data-cost")) || 0;
        }
      });
      var text = total.getAttribute("data-template").replace("%SPENT%", numbers.format(spent));
      var over = spent > budget;
      if (over) {
        text += " " + total.getAttribute("data-over");
      }
      total.textContent = text;
      total.classList.toggle("over", over);
    }
    Array.prototype.forEach.call(boxes, function (box) {
      box.addEventListener("change", update);
    });
    update();
    total.hidden = false;
  });

  Array.prototype.forEach.call(document.querySelectorAll("textarea[data-counter]"), function (area) {
    var counter = document.getElementById(area.getAttribute("data-counter"));
    var max = Number(area.getAttribute("maxlength"));
    if (!counter || !max) {
      return;
    }
    function update() {
      var left = max - area.value.length;
      counter.textContent = counter.getAttribute("data-template").replace("%N%", numbers.format(Math.max(left, 0)));
    }
    area.addEventListener("input", update);
    update();
    counter.hidden = false;
  });
})();
