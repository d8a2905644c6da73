// Loads ECharts (installed from npm, served from /vendor) once, on demand.

let loading = null;

export function echartsReady() {
	if (window.echarts) return Promise.resolve(window.echarts);
	if (!loading)
		loading = new Promise((resolve, reject) => {
			const s = document.createElement('script');
			s.src = '/vendor/echarts.min.js';
			s.onload = () => resolve(window.echarts);
			s.onerror = () => {
				loading = null;
				reject(new Error('图表组件加载失败（/vendor/echarts.min.js）'));
			};
			document.head.appendChild(s);
		});
	return loading;
}

const charts = new Set();

// A chart in el; resized with the window, disposed when el leaves the page.
export function chart(echarts, el, option, onClick) {
	const c = echarts.init(el, null, { renderer: 'canvas' });
	c.setOption(
		Object.assign(
			{
				animation: false,
				textStyle: {
					fontFamily: 'system-ui, "Noto Sans CJK SC", sans-serif',
				},
			},
			option,
		),
	);
	if (onClick) c.on('click', onClick);
	charts.add(c);
	el.dataset.chart = 'ready';
	return c;
}

window.addEventListener('resize', () => {
	for (const c of charts) {
		if (c.isDisposed() || !document.body.contains(c.getDom())) {
			if (!c.isDisposed()) c.dispose();
			charts.delete(c);
		} else {
			c.resize();
		}
	}
});

window.addEventListener('hashchange', () => {
	for (const c of charts) if (!c.isDisposed()) c.dispose();
	charts.clear();
});
