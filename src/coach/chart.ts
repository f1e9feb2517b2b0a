// Server-side PNG charts: each client's weekly achievement over the last 12 weeks, with their
// stage changes marked. chart.js draws on a skia canvas (@napi-rs/canvas), no browser needed.
//
// Both are loaded on the first chart drawn, not when this module is imported: most processes
// (a bot that has sent no digest yet, every CLI command but `report`) never draw one, and the
// two cost tens of MB of resident memory. require() keeps rendering synchronous for callers.
import { createRequire } from "node:module";
import type { Chart as ChartClass, Plugin } from "chart.js";

interface Renderer {
  Chart: typeof ChartClass;
  createCanvas: typeof import("@napi-rs/canvas").createCanvas;
}
let renderer: Renderer | undefined;

function loadRenderer(): Renderer {
  if (!renderer) {
    const require = createRequire(import.meta.url);
    const { Chart, registerables } = require("chart.js") as typeof import("chart.js");
    Chart.register(...registerables);
    renderer = { Chart, createCanvas: (require("@napi-rs/canvas") as typeof import("@napi-rs/canvas")).createCanvas };
  }
  return renderer;
}

export const CHART_WIDTH = 900;
export const CHART_HEIGHT = 420;

export interface AchievementSeries {
  label: string;
  /** One value per week label; null where the client did not check in. */
  points: (number | null)[];
}

export interface StageMark {
  week: string;
  label: string;
}

const PALETTE = ["#2b6cb0", "#c05621", "#2f855a", "#6b46c1", "#b83280", "#2c7a7b", "#975a16", "#4a5568"];

/** White background (PNG is transparent otherwise) and dashed lines at stage changes. */
function decorations(weeks: string[], marks: StageMark[]): Plugin<"line"> {
  return {
    id: "coach-decorations",
    beforeDraw(chart) {
      const { ctx, width, height } = chart;
      ctx.save();
      ctx.fillStyle = "#ffffff";
      ctx.fillRect(0, 0, width, height);
      ctx.restore();
    },
    afterDatasetsDraw(chart) {
      const { ctx, chartArea, scales } = chart;
      ctx.save();
      ctx.setLineDash([6, 4]);
      ctx.strokeStyle = "#718096";
      ctx.fillStyle = "#4a5568";
      ctx.font = "11px sans-serif";
      for (const mark of marks) {
        const index = weeks.indexOf(mark.week);
        if (index < 0) continue;
        const x = scales.x!.getPixelForValue(index);
        ctx.beginPath();
        ctx.moveTo(x, chartArea.top);
        ctx.lineTo(x, chartArea.bottom);
        ctx.stroke();
        ctx.fillText(mark.label, x + 4, chartArea.top + 12);
      }
      ctx.restore();
    },
  };
}

/**
 * `weeks` are the x-axis labels (week codes, or dates) and `marks` name one of them. With `gaps`,
 * a week without a result breaks the line instead of joining its neighbours.
 */
export function renderAchievementChart(
  title: string,
  weeks: string[],
  series: AchievementSeries[],
  marks: StageMark[] = [],
  options: { gaps?: boolean } = {},
): Buffer {
  const { Chart, createCanvas } = loadRenderer();
  const canvas = createCanvas(CHART_WIDTH, CHART_HEIGHT);
  // chart.js is typed for the DOM canvas; the skia canvas implements the part it uses.
  const chart = new Chart(canvas as unknown as ConstructorParameters<typeof ChartClass>[0], {
    type: "line",
    data: {
      labels: weeks,
      datasets: series.map((s, i) => ({
        label: s.label,
        data: s.points,
        borderColor: PALETTE[i % PALETTE.length],
        backgroundColor: PALETTE[i % PALETTE.length],
        spanGaps: !options.gaps,
        tension: 0.2,
      })),
    },
    options: {
      responsive: false,
      animation: false,
      scales: { y: { min: 0, max: 100, title: { display: true, text: "%" } } },
      plugins: { title: { display: true, text: title }, legend: { position: "bottom" } },
    },
    plugins: [decorations(weeks, marks)],
  });
  const png = canvas.toBuffer("image/png");
  chart.destroy();
  return png;
}

/** The labels of the `count` weeks ending with the week of `until`, oldest first. */
export function lastWeeks(until: Date, count: number, weekOf: (d: Date) => string): string[] {
  const weeks: string[] = [];
  for (let i = count - 1; i >= 0; i--) weeks.push(weekOf(new Date(until.getTime() - i * 7 * 86_400_000)));
  return weeks;
}
