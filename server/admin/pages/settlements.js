// 薪酬结算: settlements of gigs in the admin's region, newest first, filtered by state and by the month they
// were recorded (GET /admin/settlements), one settlement with how its amount was made up and its history
// (GET /settlements/{id}), and the CSV export of the same filters (GET /admin/settlements/export.csv,
// fetched with the bearer token and saved from a Blob). Records only: the bureau does not move money here.
// Role admin.

import * as settlements from '../services/settlements.js';
import { h, saveBlob } from '../dom.js';
import {
  listDetailPage, card, facts, badge, fmtTime, yuan, payText, PAY_UNITS, statusArea, pagedTable, detailPanel, section,
  historyList,
} from '../ui.js';
import { SETTLEMENT_STATES, PAY_METHODS, labelOf } from '../labels.js';

const STATE_KIND = { recorded: 'warn', paid: 'level', confirmed: 'ok', disputed: 'bad', resolved: 'soon' };
const stateBadge = (s) => badge(STATE_KIND[s.status] || 'soon', labelOf(s, 'status', SETTLEMENT_STATES));

// The last n months in Asia/Shanghai, newest first, as [{value: '2026-11', label: '2026年11月'}] (a list of
// months, not <input type=month>, whose picker speaks the browser's UI language).
function recentMonths(n) {
  const p = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit' })
    .formatToParts(new Date());
  let y = Number(p.find((x) => x.type === 'year').value);
  let m = Number(p.find((x) => x.type === 'month').value);
  const out = [];
  for (let i = 0; i < n; i++) {
    out.push({ value: `${y}-${String(m).padStart(2, '0')}`, label: `${y}年${m}月` });
    if (--m === 0) {
      m = 12;
      y--;
    }
  }
  return out;
}

function itemsTable(s) {
  const kinds = { base: '基本工资', extra: '增项', deduction: '扣减' };
  return h('table', { class: 'table table-compact', 'aria-label': '结算明细' },
    h('thead', {}, h('tr', {}, h('th', {}, '项目'), h('th', {}, '类别'), h('th', { class: 'col-num' }, '金额'))),
    h('tbody', {}, (s.items || []).map((i) => h('tr', {},
      h('td', {}, i.label), h('td', {}, kinds[i.kind] || i.kind),
      h('td', { class: 'col-num' }, yuan(i.amount_fen))))));
}

export function render(root, { title }) {
  const status = statusArea();
  const filter = { state: '', month: '' };
  const detail = detailPanel('card-settlement', '结算详情', '点击“查看”核对结算的计算过程、付款与确认情况。');

  const stateSelect = h('select', { class: 'input', id: 'f-state', name: 'state' },
    h('option', { value: '' }, '全部状态'),
    Object.entries(SETTLEMENT_STATES).map(([v, l]) => h('option', { value: v }, l)));
  const monthInput = h('select', { class: 'input', id: 'f-month', name: 'month' },
    h('option', { value: '' }, '全部月份'),
    recentMonths(36).map((o) => h('option', { value: o.value }, o.label)));
  const clear = h('button', { type: 'button', class: 'btn' }, '清除条件');
  const exportBtn = h('button', { type: 'button', class: 'btn btn-primary' }, '导出 Excel（CSV）');

  const list = pagedTable({
    label: '结算列表',
    empty: '没有符合条件的结算记录。',
    columns: [
      { title: '编号', class: 'mono col-id', cell: (s) => String(s.id) },
      { title: '岗位 / 雇主', cell: (s) => [h('div', { class: 'cell-main' }, s.gig.title), h('div', { class: 'muted' }, s.employer.name)] },
      { title: '零工', class: 'nowrap', cell: (s) => s.worker.name || `用户 ${s.worker.id}` },
      { title: '金额', class: 'col-num', cell: (s) => [h('div', {}, yuan(s.amount_fen)), s.adjusted ? h('div', { class: 'muted small' }, '已调整') : null] },
      { title: '状态', cell: (s) => stateBadge(s) },
      { title: '记录时间', class: 'col-time', cell: (s) => fmtTime(s.created_at) },
    ],
    load: (page, size) => settlements.list({ ...filter, page, page_size: size }),
    onOpen: (s) => open(s.id),
  });

  function apply() {
    filter.state = stateSelect.value;
    filter.month = monthInput.value;
    status.clear();
    detail.reset();
    list.reload(1);
  }

  async function exportCsv() {
    status.clear();
    exportBtn.disabled = true;
    const label = exportBtn.textContent;
    exportBtn.textContent = '正在导出…';
    try {
      const { blob } = await settlements.exportCsv(filter);
      // named after the filters, so that several exports of a month sit apart in the clerk's downloads
      const name = `薪酬结算_${filter.month || '全部月份'}${filter.state ? `_${SETTLEMENT_STATES[filter.state]}` : ''}.csv`;
      saveBlob(blob, name);
      status.ok(`已导出“${name}”，可用 Excel 打开。`);
    } catch (err) {
      status.error(`导出失败：${err.message}`);
    } finally {
      exportBtn.disabled = false;
      exportBtn.textContent = label;
    }
  }

  function show(s) {
    const unit = PAY_UNITS[s.pay_unit] || s.pay_unit;
    detail.show(
      h('div', { class: 'detail-title-row' }, h('h3', { class: 'detail-title' }, `${s.gig.title} · 结算 ${s.id}`), stateBadge(s)),
      s.status === 'disputed' ? h('div', { class: 'notice notice-error' },
        `零工对结算有异议：${s.dispute_reason || ''}${s.complaint_id ? `（已转为诉求，编号 ${s.complaint_id}）` : ''}`) : null,
      facts([
        ['零工', s.worker.name || `用户 ${s.worker.id}`],
        ['雇主', s.employer.name],
        ['所属区划', s.region.name],
        ['计薪方式', payText(s.rate_fen, s.pay_unit)],
        ['数量', `${s.quantity} ${unit}`],
        ['出勤', `${s.days_attended} 天，共 ${(s.minutes_worked / 60).toFixed(1)} 小时`],
        ['核算金额', yuan(s.computed_fen)],
        ['结算金额', s.adjusted ? [yuan(s.amount_fen), h('span', { class: 'muted' }, `（已调整：${s.adjust_reason || ''}）`)] : yuan(s.amount_fen)],
        ['付款方式', s.pay_method ? `${PAY_METHODS[s.pay_method] || s.pay_method}${s.pay_reference ? `，单号 ${s.pay_reference}` : ''}` : null],
        ['记录时间', fmtTime(s.created_at)],
        ['付款时间', s.paid_at ? fmtTime(s.paid_at) : null],
        ['确认时间', s.confirmed_at ? fmtTime(s.confirmed_at) : null],
        ['争议时间', s.disputed_at ? fmtTime(s.disputed_at) : null],
        ['处理时间', s.resolved_at ? fmtTime(s.resolved_at) : null],
      ]),
      s.items && s.items.length ? section('结算明细', itemsTable(s)) : null,
      section('结算记录', historyList(s.history, SETTLEMENT_STATES)));
  }

  const open = (id) => detail.load(() => settlements.get(id), (r) => show(r.settlement), '结算');

  stateSelect.addEventListener('change', apply);
  monthInput.addEventListener('change', apply);
  clear.addEventListener('click', () => {
    stateSelect.value = '';
    monthInput.value = '';
    apply();
  });
  exportBtn.addEventListener('click', exportCsv);

  listDetailPage(root, {
    title,
    description: '本辖区岗位的薪酬结算记录（雇主记录、付款，零工确认或提出异议）。可按状态和记录月份筛选，导出的表格与当前筛选条件一致。',
    status,
    above: card('card-filters', '筛选与导出', h('div', { class: 'card-body filters' },
      h('div', { class: 'field' }, h('label', { class: 'field-label', for: 'f-state' }, '结算状态'), stateSelect),
      h('div', { class: 'field' }, h('label', { class: 'field-label', for: 'f-month' }, '记录月份'), monthInput),
      clear, h('span', { class: 'filters-gap' }), exportBtn)),
    listTitle: '结算列表', list, detail,
  });
}
