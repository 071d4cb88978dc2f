// The worker profile editor (个人画像): the server's worker ⇄ the form, client checks that spare a round
// trip (ID check digit, pay amount), and server field errors mapped onto the form. The ID number and phone
// come back masked; the form never re-sends a masked value, only a newly typed ID number (an absent id_number
// keeps the stored one). PUT replaces the profile: every other field is sent, absent ones are cleared.
'use strict';
const format = require('../utils/format');
const validate = require('../utils/validate');
const fields = require('./fields');

const DAYS = [
  { key: 'mon', label: '周一' },
  { key: 'tue', label: '周二' },
  { key: 'wed', label: '周三' },
  { key: 'thu', label: '周四' },
  { key: 'fri', label: '周五' },
  { key: 'sat', label: '周六' },
  { key: 'sun', label: '周日' },
];
const SLOTS = [
  { key: 'morning', label: '上午' },
  { key: 'afternoon', label: '下午' },
  { key: 'evening', label: '晚上' },
];
const MAX_JOB_TYPES = 10;
const MAX_CERTIFICATES = 5;
const MAX_REGIONS = 5;

// Server field → form field.
const FIELD_MAP = {
  real_name: 'realName',
  id_number: 'idNumber',
  job_types: 'jobTypes',
  certificates: 'certificates',
  work_regions: 'regions',
  region_code: 'region',
  lat: 'region',
  lng: 'region',
  availability: 'availability',
  expected_pay: 'expectedPay',
  intro: 'intro',
};

function grid(avail) {
  return DAYS.map((d) => {
    const on = (avail && avail[d.key]) || [];
    return { key: d.key, label: d.label, slots: SLOTS.map((s) => ({ key: s.key, label: s.label, on: on.indexOf(s.key) >= 0 })) };
  });
}

function emptyForm() {
  return fromServer({ exists: false });
}

// The form for a /me/worker answer.
function fromServer(w) {
  w = w || {};
  return {
    exists: !!w.exists,
    realName: w.real_name || '',
    idNumberMasked: w.id_number || '',
    idNumber: '',
    birthYear: w.birth_year || null,
    gender: w.gender === 'male' ? '男' : w.gender === 'female' ? '女' : '',
    phone: w.phone || '',
    jobTypes: (w.job_types || []).map((j) => ({ id: j.id, name: j.name, years: j.years || 0 })),
    certificates: (w.certificates || []).map((c, i) => ({ key: `c${i}`, name: c.name || '', number: c.number || '', expiresOn: c.expires_on || '' })),
    regions: (w.work_regions || []).map((r) => ({ code: r.code, name: r.name })),
    region: w.region ? { code: w.region.code, name: w.region.name } : null,
    lat: typeof w.lat === 'number' ? w.lat : null,
    lng: typeof w.lng === 'number' ? w.lng : null,
    availability: grid(w.availability),
    expectedPayYuan: w.expected_pay ? format.fenToYuanInput(w.expected_pay.fen) : '',
    expectedPayUnit: (w.expected_pay && w.expected_pay.unit) || 'day',
    intro: w.intro || '',
    elderMode: !!w.elder_mode,
    discoverable: !!w.discoverable,
    completeness: typeof w.completeness === 'number' ? w.completeness : 0,
  };
}

// Returns {body, errors}: the PUT /me/worker body, or per-field messages when something must be fixed first.
function toBody(form) {
  const errors = {};
  const body = {};
  const name = String(form.realName || '').trim();
  if (name.length < 2) errors.realName = '请填写真实姓名';
  else if (name.length > 32) errors.realName = '姓名最多 32 个字';
  body.real_name = name;
  const id = String(form.idNumber || '').trim().toUpperCase();
  if (id) {
    if (!validate.idNumber(id)) errors.idNumber = '身份证号码不正确，请核对后重新填写';
    else body.id_number = id;
  } else if (!form.idNumberMasked) {
    errors.idNumber = '请填写身份证号码';
  }
  body.job_types = form.jobTypes.map((j) => ({ id: j.id, years: Math.max(0, Math.min(60, Number(j.years) || 0)) }));
  const certs = [];
  form.certificates.forEach((c) => {
    const cname = String(c.name || '').trim();
    if (!cname) {
      if (String(c.number || '').trim() || c.expiresOn) errors.certificates = '请填写证书名称';
      return;
    }
    const item = { name: cname };
    if (String(c.number || '').trim()) item.number = String(c.number).trim();
    if (c.expiresOn) item.expires_on = c.expiresOn;
    certs.push(item);
  });
  body.certificates = certs;
  body.work_regions = form.regions.map((r) => r.code);
  if (form.region) body.region_code = form.region.code;
  if (typeof form.lat === 'number' && typeof form.lng === 'number') {
    body.lat = form.lat;
    body.lng = form.lng;
  }
  const avail = {};
  form.availability.forEach((d) => {
    avail[d.key] = d.slots.filter((s) => s.on).map((s) => s.key);
  });
  body.availability = avail;
  const payText = String(form.expectedPayYuan || '').trim();
  if (payText) {
    const fen = format.yuanToFen(payText);
    if (fen === null || fen <= 0) errors.expectedPay = '期望报酬请填写金额，例如 200';
    else body.expected_pay = { fen, unit: form.expectedPayUnit || 'day' };
  }
  const intro = String(form.intro || '').trim();
  if (intro.length > 500) errors.intro = '自我介绍最多 500 字';
  body.intro = intro;
  body.elder_mode = !!form.elderMode;
  body.discoverable = !!form.discoverable;
  return { body: Object.keys(errors).length ? null : body, errors };
}

// Maps an ApiError from PUT /me/worker onto the form: {errors, summary}.
function serverErrors(err) {
  return fields.fromError(err, FIELD_MAP);
}

function toggleSlot(form, dayKey, slotKey) {
  return form.availability.map((d) =>
    d.key !== dayKey ? d : Object.assign({}, d, { slots: d.slots.map((s) => (s.key === slotKey ? Object.assign({}, s, { on: !s.on }) : s)) }),
  );
}

// A new empty certificate row; `key` only keeps the rows apart in the list (never sent).
function addCertificate(form) {
  if (form.certificates.length >= MAX_CERTIFICATES) return form.certificates;
  const used = form.certificates.map((c) => c.key);
  let n = form.certificates.length;
  while (used.indexOf(`c${n}`) >= 0) n++;
  return form.certificates.concat([{ key: `c${n}`, name: '', number: '', expiresOn: '' }]);
}

function addJobType(form, jt) {
  if (!jt || form.jobTypes.some((j) => j.id === jt.id) || form.jobTypes.length >= MAX_JOB_TYPES) return form.jobTypes;
  return form.jobTypes.concat([{ id: jt.id, name: jt.name, years: 0 }]);
}

function addRegion(form, r) {
  if (!r || form.regions.some((x) => x.code === r.code) || form.regions.length >= MAX_REGIONS) return form.regions;
  return form.regions.concat([{ code: r.code, name: r.name }]);
}

module.exports = {
  DAYS,
  SLOTS,
  MAX_JOB_TYPES,
  MAX_CERTIFICATES,
  MAX_REGIONS,
  FIELD_MAP,
  emptyForm,
  fromServer,
  toBody,
  serverErrors,
  toggleSlot,
  addCertificate,
  addJobType,
  addRegion,
};
