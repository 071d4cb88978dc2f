// Complaints 诉求 from the complainant's side: the categories, the form (what it needs, what is sent), picking
// and uploading up to 6 images (wx.chooseMedia, then one upload each through services/uploads.js), and the
// view models of the list (我的诉求) and of one complaint with its progress. Mirrors the server's complaint
// state machine (SPEC §2); the server still decides and answers in zh-CN.
'use strict';
const complaints = require('../services/complaints');
const uploads = require('../services/uploads');
const format = require('../utils/format');
const paged = require('./paged');

const TEXT_MIN = 5;
const TEXT_MAX = 1000;
const IMAGES_MAX = 6;
const IMAGE_MAX_BYTES = 5 * 1024 * 1024;

const CATEGORIES = [
  { value: 'unpaid_wage', label: '拖欠工资' },
  { value: 'fee_demanded', label: '违规收费（押金、培训费等）' },
  { value: 'false_info', label: '虚假信息' },
  { value: 'safety', label: '安全问题' },
  { value: 'discrimination', label: '就业歧视' },
  { value: 'other', label: '其他' },
];
const STATUS = {
  submitted: '已提交',
  accepted: '已受理',
  handling: '处理中',
  resolved: '已办结',
  rejected: '已驳回',
  escalated: '已升级督办',
};
const STATUS_THEME = {
  submitted: 'primary',
  accepted: 'primary',
  handling: 'warning',
  resolved: 'success',
  rejected: 'default',
  escalated: 'danger',
};
const ACTOR = { user: '我', admin: '就业服务中心', system: '系统' };

function categoryLabel(value) {
  const c = CATEGORIES.find((x) => x.value === value);
  return c ? c.label : value;
}

function safeDecode(s) {
  try {
    return decodeURIComponent(s);
  } catch (e) {
    return s;
  }
}

// The form's starting state from the page's query: who is complained about and what it concerns (an
// application from 我的报名, or a gig reported from its detail page as false_info).
function initialForm(query) {
  const q = query || {};
  const num = (v) => (/^[1-9][0-9]{0,17}$/.test(String(v || '')) ? Number(v) : null);
  const category = CATEGORIES.some((c) => c.value === q.category) ? q.category : 'unpaid_wage';
  return {
    respondentId: num(q.respondent_id),
    gigId: num(q.gig_id),
    applicationId: num(q.application_id),
    subject: q.title ? safeDecode(String(q.title)) : '',
    category,
    text: '',
    images: [], // [{path, id}] uploaded ones only
  };
}

// {field: message} for what is missing or too long; {} when the form can be sent.
function validate(form) {
  const errors = {};
  if (!form.respondentId) errors.respondent = '请从报名记录或岗位页面发起投诉';
  if (!CATEGORIES.some((c) => c.value === form.category)) errors.category = '请选择诉求类型';
  const n = Array.from((form.text || '').trim()).length; // characters, as the server counts them
  if (n < TEXT_MIN) errors.text = `请写清楚发生了什么（至少 ${TEXT_MIN} 个字）`;
  else if (n > TEXT_MAX) errors.text = `最多 ${TEXT_MAX} 个字`;
  if (form.images.length > IMAGES_MAX) errors.images = `最多 ${IMAGES_MAX} 张图片`;
  return errors;
}

// The POST /complaints body of a valid form.
function body(form) {
  const b = { category: form.category, respondent_id: form.respondentId, text: form.text.trim() };
  if (form.applicationId) b.application_id = form.applicationId;
  else if (form.gigId) b.gig_id = form.gigId;
  if (form.images.length) b.image_ids = form.images.map((i) => i.id);
  return b;
}

// Lets the person pick up to `room` images (album or camera, compressed) and uploads them one by one.
// onProgress(done, total) after each. Resolves {added: [{path, id}], message} where message explains
// anything skipped ('' when all went up); a cancelled picker resolves nothing added.
async function pickAndUpload(room, onProgress) {
  if (room <= 0) return { added: [], message: `最多 ${IMAGES_MAX} 张图片` };
  let files;
  try {
    files = await new Promise((resolve, reject) => {
      wx.chooseMedia({
        count: room,
        mediaType: ['image'],
        sizeType: ['compressed'],
        sourceType: ['album', 'camera'],
        success: (res) => resolve(res.tempFiles || []),
        fail: reject,
      });
    });
  } catch (e) {
    return { added: [], message: '' }; // cancelled
  }
  const added = [];
  let skipped = 0;
  let message = '';
  const total = Math.min(files.length, room);
  for (const f of files.slice(0, room)) {
    if (f.size > IMAGE_MAX_BYTES) {
      skipped++;
      message = '图片不能超过 5 MB，已跳过过大的图片';
    } else {
      try {
        const u = await uploads.upload(f.tempFilePath, { toast: false });
        added.push({ path: f.tempFilePath, id: u.id });
      } catch (e) {
        skipped++;
        message = e.message;
      }
    }
    if (onProgress) onProgress(added.length + skipped, total);
  }
  return { added, message };
}

// The 我要投诉 page for a complaint about respondentId, concerning an application or a gig (subject: its
// title, shown on the form).
function newUrl({ respondentId, applicationId, gigId, category, subject }) {
  const q = [`respondent_id=${respondentId}`];
  if (applicationId) q.push(`application_id=${applicationId}`);
  if (gigId) q.push(`gig_id=${gigId}`);
  if (category) q.push(`category=${category}`);
  if (subject) q.push(`title=${encodeURIComponent(subject)}`);
  return `/pages/complaint/new?${q.join('&')}`;
}

// Sends the form; resolves the complaint or rejects the ApiError (its field says which input, if any).
function submit(form) {
  return complaints.create(body(form), { toast: false });
}

function lastStep(c) {
  const h = c.history || [];
  return h.length ? h[h.length - 1] : null;
}

// The card in 我的诉求.
function card(c, now) {
  const last = lastStep(c);
  return {
    id: c.id,
    category: c.category_label || categoryLabel(c.category),
    status: c.status,
    statusText: format.stateLabel(c, 'status', STATUS),
    statusTheme: STATUS_THEME[c.status] || 'default',
    subject: c.gig ? c.gig.title : '',
    excerpt: c.text.length > 40 ? `${c.text.slice(0, 40)}…` : c.text,
    created: format.dateTime(c.created_at, now),
    progress: last ? `${format.dateTime(last.at, now)} ${format.stateLabel(last, 'to', STATUS)}${last.reason ? `：${last.reason}` : ''}` : '',
    escalated: !!c.escalated,
  };
}

// One complaint with its progress, newest step first.
function detail(c, now) {
  const open = ['submitted', 'accepted', 'handling', 'escalated'].indexOf(c.status) >= 0;
  return Object.assign(card(c, now), {
    text: c.text,
    due: open ? format.dateTime(c.sla_due_at, now) : '',
    outcome: c.status === 'resolved' ? `${c.upheld ? '诉求成立' : '诉求不成立'}：${c.resolution || ''}` : c.status === 'rejected' ? c.resolution || '' : '',
    steps: (c.history || [])
      .map((h) => ({ status: format.stateLabel(h, 'to', STATUS), who: ACTOR[h.actor] || h.actor, at: format.dateTime(h.at, now), reason: h.reason || '' }))
      .reverse(),
    images: (c.images || []).map((i) => ({ id: i.id, path: '' })),
  });
}

// 我的诉求, newest first.
function list(now) {
  return paged.create((page) => complaints.mine({ page, page_size: 20 }, { toast: false }), { map: (c) => card(c, now) });
}

// Resolves the detail view model of complaint id; rejects the ApiError.
async function load(id, now) {
  return detail(await complaints.get(id, { toast: false }), now);
}

// Resolves the temp file paths of the images (a failed one stays '' and the page shows a placeholder).
async function imagePaths(images) {
  const out = [];
  for (const i of images) {
    try {
      out.push(await uploads.fetch(i.id, { toast: false }));
    } catch (e) {
      out.push('');
    }
  }
  return out;
}

module.exports = {
  TEXT_MIN,
  TEXT_MAX,
  IMAGES_MAX,
  IMAGE_MAX_BYTES,
  CATEGORIES,
  STATUS,
  STATUS_THEME,
  categoryLabel,
  initialForm,
  validate,
  body,
  pickAndUpload,
  newUrl,
  submit,
  card,
  detail,
  list,
  load,
  imagePaths,
};
